import type { StoreContext } from './store-context';
import type { RunStore } from './types';
import {
  embeddedCount,
  predictedCount,
  readEmbeddings,
  readPredictions,
  writeEmbeddings,
  writePredictions,
} from './vectors';

/** The store's vector methods: a model version's scores and an embedder's rows, by pool index. */
export type VectorMethods = Pick<
  RunStore,
  | 'writePredictions'
  | 'predictedCount'
  | 'readPredictions'
  | 'writeEmbeddings'
  | 'embeddedCount'
  | 'readEmbeddings'
>;

/** The vector methods over `ctx`; each write commits atomically. */
export function vectorMethods({ db, atomic }: StoreContext): VectorMethods {
  return {
    writePredictions: (version, start, scores) => atomic(() => writePredictions(db, version, start, scores)),
    predictedCount: (version) => predictedCount(db, version),
    readPredictions: (version, count) => readPredictions(db, version, count),
    writeEmbeddings: (embedder, start, dimensions, rows) =>
      atomic(() => writeEmbeddings(db, embedder, start, dimensions, rows)),
    embeddedCount: (embedder) => embeddedCount(db, embedder),
    readEmbeddings: (embedder, count, dimensions) => readEmbeddings(db, embedder, count, dimensions),
  };
}
