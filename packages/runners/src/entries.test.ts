import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The module graph of each entry as the published build sees it: esbuild (what tsup runs) bundles the entry's
// own source and lists every package it imports, with how (a static import or a dynamic `import()`).
const SDKS = ['openai', '@google/genai', 'node-llama-cpp'];

async function packageImports(entry: string): Promise<Map<string, Set<string>>> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  const imports = new Map<string, Set<string>>();
  const { outputs } = result.metafile as Metafile;
  for (const output of Object.values(outputs)) {
    for (const { path, kind } of output.imports) {
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!;
      imports.set(name, (imports.get(name) ?? new Set()).add(kind));
    }
  }
  return imports;
}

describe('entries', () => {
  it('the root entry reaches no provider SDK, statically or dynamically', async () => {
    const imports = await packageImports('./index.ts');
    for (const sdk of SDKS) expect(imports.has(sdk), `${sdk} in the root entry`).toBe(false);
    // The graph is really read: the contracts' package is there, statically.
    expect(imports.get('@borderline/core')).toEqual(new Set(['import-statement']));
  });

  it.each([
    ['./openai/index.ts', 'openai'],
    ['./gemini/index.ts', '@google/genai'],
    ['./llama-cpp/index.ts', 'node-llama-cpp'],
  ])('%s imports %s only lazily, and no other SDK', async (entry, sdk) => {
    const imports = await packageImports(entry);
    expect(imports.get(sdk)).toEqual(new Set(['dynamic-import']));
    for (const other of SDKS.filter((name) => name !== sdk)) expect(imports.has(other)).toBe(false);
  });
});
