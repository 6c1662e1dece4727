import { type OptionalPeerSpec, optionalPeer } from '../optional-peer';

/** The module `node-llama-cpp`, loaded on demand. */
export type NodeLlamaCpp = typeof import('node-llama-cpp');

const spec: OptionalPeerSpec<NodeLlamaCpp> = {
  name: 'node-llama-cpp',
  version: '3.21.1',
  component: 'llama-cpp',
  purpose: 'the llama.cpp runner, which runs GGUF models in-process',
  importer: () => import('node-llama-cpp'),
};
const shared = optionalPeer(spec);

/**
 * Imports `node-llama-cpp` (an optional peer dependency) the first time it is needed. When it is missing the error
 * says what to install, instead of a bare module-resolution failure. `importer` is replaceable for tests.
 */
export function loadNodeLlamaCpp(importer?: () => Promise<NodeLlamaCpp>): Promise<NodeLlamaCpp> {
  return importer === undefined ? shared.load() : optionalPeer({ ...spec, importer }).load();
}
