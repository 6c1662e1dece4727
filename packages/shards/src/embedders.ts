import {
  createLocalEmbedder,
  createUseLiteEmbedder,
  type Embedder,
  LOCAL_EMBEDDER_DIMENSIONS,
  LOCAL_EMBEDDER_ID,
  USE_LITE_DIMENSIONS,
  USE_LITE_EMBEDDER_ID,
} from '@borderline/runners';

/** The embedders a shard job can run (the local offline ones: a job needs no network and no keys). */
export type EmbedderName = 'glove' | 'use-lite';

/** What a pass needs to know of an embedder without loading it. */
export interface EmbedderInfo {
  readonly id: string;
  readonly dimensions: number;
  readonly create: () => Embedder;
}

/** The embedders by name: GloVe (the fast option) and USE-lite. */
export const EMBEDDERS: Readonly<Record<EmbedderName, EmbedderInfo>> = {
  glove: {
    id: LOCAL_EMBEDDER_ID,
    dimensions: LOCAL_EMBEDDER_DIMENSIONS,
    create: () => createLocalEmbedder(),
  },
  // One inference thread: a shard job is the unit of parallelism (one job per process, one process per core).
  'use-lite': {
    id: USE_LITE_EMBEDDER_ID,
    dimensions: USE_LITE_DIMENSIONS,
    create: () => createUseLiteEmbedder({ threads: 1 }),
  },
};

/** The embedder names, for validation and help texts. */
export const EMBEDDER_NAMES = Object.keys(EMBEDDERS) as EmbedderName[];

const instances = new Map<EmbedderName, Embedder>();

/** One embedder per name per process (each loads its tables or weights once, on first use). */
export function embedderOf(name: EmbedderName): Embedder {
  let embedder = instances.get(name);
  if (embedder === undefined) {
    embedder = EMBEDDERS[name].create();
    instances.set(name, embedder);
  }
  return embedder;
}
