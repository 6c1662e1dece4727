import type { SamplingPolicy, Selection, SelectionInput } from '@borderline/sampling';

/**
 * A policy that answers a repeated input from memory. Policies are pure functions of their input (seeded), so an
 * identical input gives the identical selection: the replay's two models start from the same LLM-0 scores, the
 * same empty review set and the same seed, so their first batch is computed once. Keyed by a hash of every input
 * field; a hit is re-checked field by field, so a hash collision can never return a wrong batch.
 */
export function createSharedSelection(policy: SamplingPolicy): SamplingPolicy {
  const memory = new Map<string, { input: SelectionInput; selection: Selection }>();
  return async (input) => {
    const key = keyOf(input);
    const hit = memory.get(key);
    if (hit !== undefined && sameInput(hit.input, input)) return hit.selection;
    const selection = await policy(input);
    memory.set(key, { input: snapshot(input), selection });
    return selection;
  };
}

const matrices = new WeakMap<Float32Array, number>();
let nextMatrixId = 1;

/** The pool's vectors are shared by reference between runs: identify them, do not hash 50 MB. */
function matrixId(embeddings: Float32Array): number {
  let id = matrices.get(embeddings);
  if (id === undefined) {
    id = nextMatrixId++;
    matrices.set(embeddings, id);
  }
  return id;
}

function keyOf(input: SelectionInput): string {
  const parts = [input.predicted, input.reviewed, input.scores ?? new Float64Array(0)];
  return [
    String(input.seed),
    input.budget,
    input.dimensions,
    matrixId(input.embeddings),
    ...parts.map(hashBytes),
  ].join(':');
}

/** FNV-1a over the bytes of a typed array. */
function hashBytes(values: ArrayBufferView): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return `${bytes.length}.${(hash >>> 0).toString(36)}`;
}

/** Copies of the arrays the caller may change later (the driver reuses its score buffers). */
function snapshot(input: SelectionInput): SelectionInput {
  return {
    embeddings: input.embeddings,
    dimensions: input.dimensions,
    predicted: input.predicted.slice(),
    reviewed: input.reviewed.slice(),
    ...(input.scores === undefined ? {} : { scores: input.scores.slice() }),
    budget: input.budget,
    seed: input.seed,
  };
}

function sameInput(a: SelectionInput, b: SelectionInput): boolean {
  return (
    a.seed === b.seed &&
    a.budget === b.budget &&
    a.dimensions === b.dimensions &&
    a.embeddings === b.embeddings &&
    equalArrays(a.predicted, b.predicted) &&
    equalArrays(a.reviewed, b.reviewed) &&
    equalArrays(a.scores, b.scores)
  );
}

function equalArrays(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
