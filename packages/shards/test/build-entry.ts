import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles one TypeScript entry of this package (its own source; dependencies stay imports, resolved to their
 * built dist) into `node_modules/.cache/shards-test/`, so tests start real Node processes without building this
 * package first. Returns the bundle's path.
 */
export async function buildEntry(entry: string): Promise<string> {
  const dir = join(root, 'node_modules', '.cache', 'shards-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${basename(entry).replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}
