import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const loaded = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/]@tensorflow[\\/]/.test(path));

it('never loads TensorFlow.js in the calling thread: importing, creating and embedding leave it out', async () => {
  const runners = await import('../index');
  const embedder = runners.createUseLiteEmbedder({ threads: 1 });
  expect(embedder.dimensions).toBe(512);
  expect(loaded()).toEqual([]);
  const vectors = await embedder.embed(['it runs in a worker thread']);
  expect(vectors.some((value) => value !== 0)).toBe(true);
  expect(loaded()).toEqual([]);
});
