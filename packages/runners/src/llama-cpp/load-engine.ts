import { BorderlineError } from '@borderline/core';

/** The module `node-llama-cpp`, loaded on demand. */
export type NodeLlamaCpp = typeof import('node-llama-cpp');

const defaultImporter = (): Promise<NodeLlamaCpp> => import('node-llama-cpp');
let loading: Promise<NodeLlamaCpp> | undefined;

/**
 * Imports `node-llama-cpp` (an optional peer dependency) the first time it is needed. When it is missing the error
 * says what to install, instead of a bare module-resolution failure. `importer` is replaceable for tests.
 */
export function loadNodeLlamaCpp(
  importer: () => Promise<NodeLlamaCpp> = defaultImporter,
): Promise<NodeLlamaCpp> {
  const shared = importer === defaultImporter;
  if (shared && loading !== undefined) return loading;
  const attempt = importer().catch((error: unknown) => {
    if (shared) loading = undefined;
    throw new BorderlineError({
      code: 'not-found',
      message:
        'llama-cpp: the optional peer dependency node-llama-cpp is not installed; add it with ' +
        '`pnpm add node-llama-cpp@3.21.1` (or npm/yarn) to run GGUF models in-process',
      cause: error,
    });
  });
  if (shared) loading = attempt;
  return attempt;
}
