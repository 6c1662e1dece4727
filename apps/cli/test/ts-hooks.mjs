// Module hooks that let plain `node` run the TypeScript sources of the workspace (tests spawn the CLI this way,
// so a kill -9 hits a real process and nothing has to be built first). Transpile only, via esbuild.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

const candidates = ['.ts', '/index.ts'];

export async function resolve(specifier, context, nextResolve) {
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  if (relative && context.parentURL?.endsWith('.ts') && !/\.[cm]?[jt]s$/.test(specifier)) {
    for (const suffix of candidates) {
      try {
        return await nextResolve(`${specifier}${suffix}`, context);
      } catch {
        // try the next form
      }
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const result = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: new URL(url).pathname,
  });
  return { format: 'module', source: result.code, shortCircuit: true };
}
