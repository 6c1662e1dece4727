import { type Example, invalidArgument, throwIfAborted } from '@borderline/core';
import type { AdaptOptions, CallOptions, Classifier, Embedder } from '../contracts';
import { onceUnlessRejected } from '../once-unless-rejected';
import { sigmoid } from './head-network';

/** Options of {@link createZeroShotClassifier}. */
export interface ZeroShotClassifierOptions {
  /** The policy description: what a positive (violating) text is. */
  readonly policy: string;
  /** Few-shot examples; more are added by `adapt` (in-context adaptation). */
  readonly examples?: readonly Example[];
  readonly embedder: Embedder;
}

/**
 * The calibration of the squashing, fixed and trained on nothing: P = sigmoid(temperature * (positive - negative)),
 * where each side is the mean cosine of a text to its `nearest` closest members of that side. A margin of 0.1 in
 * cosine gives P = 0.73 and 0.3 gives P = 0.95. The positive side is the policy plus the positive examples; the
 * negative side is {@link NEUTRAL_TEXTS} plus the negative examples: with the policy alone a text is positive when
 * it is closer to the policy than to ordinary, neutral text (an "anything else" anchor, as a zero-shot prompt names
 * the other label), and the anchors stay when negative examples come, so a few examples refine the sides instead
 * of replacing one (replacing them made 3 + 3 examples score worse than the policy alone). None of these constants
 * was fitted to any dataset.
 */
export const ZERO_SHOT_CALIBRATION = { temperature: 10, nearest: 5 } as const;

/** Plain, factual sentences from unrelated domains: always on the negative side, with the negative examples. */
export const NEUTRAL_TEXTS: readonly string[] = [
  'The report describes the results of the annual survey.',
  'The store opens at nine in the morning on weekdays.',
  'Officials said the road will be repaired next month.',
  'The company sells office furniture and supplies.',
  'The weather will be mild with light rain in the evening.',
  'The museum displays paintings from the nineteenth century.',
  'Prices rose slightly in the third quarter.',
  'The train to the city leaves every hour.',
];

interface FewShotSet {
  /** Unit rows (zero rows stay zero), n x dimensions. */
  readonly vectors: Float32Array;
  readonly labels: Uint8Array;
}

/**
 * The LLM-0 stand-in: scores a text by its cosine similarity to the policy description and to the few-shot
 * positive and negative examples, through the fixed logistic squashing of {@link ZERO_SHOT_CALIBRATION}. The
 * policy counts as one more positive example and the neutral anchors as more negative ones. `adapt` returns a
 * zero-shot classifier with the new examples added to its few-shot set; nothing is trained. Any embedder works;
 * with the Universal Sentence Encoder lite (`createUseLiteEmbedder`) the policy and the examples are compared in
 * a sentence space instead of averaged word vectors.
 */
export function createZeroShotClassifier(options: ZeroShotClassifierOptions): Classifier {
  const { policy, embedder } = options;
  if (typeof policy !== 'string' || policy.trim() === '') {
    throw invalidArgument('zero-shot', 'policy must be a non-empty description');
  }
  const empty: FewShotSet = { vectors: new Float32Array(0), labels: new Uint8Array(0) };
  if (options.examples === undefined || options.examples.length === 0) {
    return buildZeroShot(policy, embedder, Promise.resolve(empty), 0);
  }
  const start = buildZeroShot(policy, embedder, Promise.resolve(empty), -1);
  // Version 0 already holds the given examples: build it as an adaptation of the bare policy, renumbered.
  let pending: Promise<Classifier> | undefined;
  const ready = () => {
    pending ??= start.adapt(options.examples ?? []);
    return pending;
  };
  return lazy(ready, embedder);
}

/** A version-0 classifier whose few-shot set is embedded on first use. */
function lazy(ready: () => Promise<Classifier>, embedder: Embedder): Classifier {
  const head = {
    embedderId: embedder.modelId,
    dimensions: embedder.dimensions,
    classifyEmbedded: async (vectors: Float32Array, options?: CallOptions) =>
      (await ready()).head!.classifyEmbedded(vectors, options),
    adaptEmbedded: async (vectors: Float32Array, labels: Uint8Array, options?: AdaptOptions) =>
      (await ready()).head!.adaptEmbedded(vectors, labels, options),
  };
  return Object.freeze({
    specificationVersion: 'v1',
    provider: 'zero-shot',
    modelId: `zero-shot-${embedder.modelId}`,
    version: 0,
    classify: async (texts: readonly string[], options?: CallOptions) =>
      (await ready()).classify(texts, options),
    adapt: async (examples: readonly Example[], options?: AdaptOptions) =>
      (await ready()).adapt(examples, options),
    head: Object.freeze(head),
  });
}

function buildZeroShot(policy: string, embedder: Embedder, fewShot: Promise<FewShotSet>, version: number) {
  const policyRow = anchorRows(policy, embedder);
  const classifyEmbedded = async (vectors: Float32Array, options: CallOptions = {}) => {
    throwIfAborted(options.signal, 'zero-shot');
    if (vectors.length % embedder.dimensions !== 0) {
      throw invalidArgument('zero-shot', `embeddings must be n x ${embedder.dimensions}`);
    }
    return scoreAll(await policyRow(options), await fewShot, vectors, embedder.dimensions, options.signal);
  };
  const adaptEmbedded = async (
    vectors: Float32Array,
    labels: Uint8Array,
    options: AdaptOptions & { readonly weights?: Float32Array } = {},
  ): Promise<Classifier> => {
    throwIfAborted(options.signal, 'zero-shot');
    const next = appendExamples(await fewShot, vectors, labels, options.weights, embedder.dimensions);
    return buildZeroShot(policy, embedder, Promise.resolve(next), version + 1);
  };
  const classifier: Classifier = {
    specificationVersion: 'v1',
    provider: 'zero-shot',
    modelId: `zero-shot-${embedder.modelId}`,
    version,
    classify: async (texts, options = {}) => {
      throwIfAborted(options.signal, 'zero-shot');
      return classifyEmbedded(await embedder.embed(texts, options), options);
    },
    adapt: async (examples, options = {}) => {
      throwIfAborted(options.signal, 'zero-shot');
      const labels = exampleLabels(examples);
      const weights = Float32Array.from(examples, (example) => example.weight ?? 1);
      const vectors = await embedder.embed(
        examples.map((example) => example.text),
        options,
      );
      return adaptEmbedded(vectors, labels, { ...options, weights });
    },
    head: Object.freeze({
      embedderId: embedder.modelId,
      dimensions: embedder.dimensions,
      classifyEmbedded,
      adaptEmbedded,
    }),
  };
  return Object.freeze(classifier);
}

/**
 * The unit rows of the policy (row 0) and the neutral anchors, embedded once on first use. A failed (e.g. aborted)
 * embedding is not kept: the next call tries again.
 */
function anchorRows(policy: string, embedder: Embedder): (options: CallOptions) => Promise<Float32Array> {
  return onceUnlessRejected((options: CallOptions) =>
    embedder
      .embed([policy, ...NEUTRAL_TEXTS], options)
      .then((row) => normalisedRows(row, embedder.dimensions)),
  );
}

/** The examples' labels, each checked to be 0 or 1. */
function exampleLabels(examples: readonly Example[]): Uint8Array {
  return Uint8Array.from(examples, (example, index) => {
    if (example.label !== 0 && example.label !== 1) {
      throw invalidArgument('zero-shot', `examples[${index}].label must be 0 or 1`);
    }
    return example.label;
  });
}

/** Adds examples with a positive weight (a weight of 0 drops the example). */
function appendExamples(
  set: FewShotSet,
  vectors: Float32Array,
  labels: Uint8Array,
  weights: Float32Array | undefined,
  dimensions: number,
): FewShotSet {
  const count = vectors.length / dimensions;
  if (
    !Number.isInteger(count) ||
    labels.length !== count ||
    (weights !== undefined && weights.length !== count)
  ) {
    throw invalidArgument(
      'zero-shot',
      `examples must be n x ${dimensions} vectors with n labels (and weights)`,
    );
  }
  const kept: number[] = [];
  for (let row = 0; row < count; row++) {
    if (labels[row]! > 1) throw invalidArgument('zero-shot', `labels[${row}] must be 0 or 1`);
    if (weights === undefined || weights[row]! > 0) kept.push(row);
  }
  const normalised = normalisedRows(vectors, dimensions);
  const previous = set.labels.length;
  const out = new Float32Array((previous + kept.length) * dimensions);
  out.set(set.vectors);
  const outLabels = new Uint8Array(previous + kept.length);
  outLabels.set(set.labels);
  kept.forEach((row, index) => {
    out.set(normalised.subarray(row * dimensions, (row + 1) * dimensions), (previous + index) * dimensions);
    outLabels[previous + index] = labels[row]!;
  });
  return { vectors: out, labels: outLabels };
}

function normalisedRows(vectors: Float32Array, dimensions: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let start = 0; start < vectors.length; start += dimensions) {
    let sum = 0;
    for (let d = 0; d < dimensions; d++) sum += vectors[start + d]! * vectors[start + d]!;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let d = 0; d < dimensions; d++) out[start + d] = vectors[start + d]! * scale;
  }
  return out;
}

const CHUNK = 4096;

async function scoreAll(
  policy: Float32Array,
  set: FewShotSet,
  vectors: Float32Array,
  dimensions: number,
  signal: AbortSignal | undefined,
): Promise<Float64Array> {
  const rows = normalisedRows(vectors, dimensions);
  const count = rows.length / dimensions;
  const out = new Float64Array(count);
  const { nearest, temperature } = ZERO_SHOT_CALIBRATION;
  const positive = new Float64Array(nearest);
  const negative = new Float64Array(nearest);
  for (let row = 0; row < count; row++) {
    if (row % CHUNK === 0 && row > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (row % CHUNK === 0) throwIfAborted(signal, 'zero-shot');
    positive.fill(Number.NEGATIVE_INFINITY);
    negative.fill(Number.NEGATIVE_INFINITY);
    const offset = row * dimensions;
    keepTop(positive, cosine(rows, offset, policy, 0, dimensions));
    for (let example = 0; example < set.labels.length; example++) {
      const similarity = cosine(rows, offset, set.vectors, example * dimensions, dimensions);
      keepTop(set.labels[example] === 1 ? positive : negative, similarity);
    }
    for (let anchor = 1; anchor <= NEUTRAL_TEXTS.length; anchor++) {
      keepTop(negative, cosine(rows, offset, policy, anchor * dimensions, dimensions));
    }
    const negativeSide = meanOfTop(negative);
    out[row] = sigmoid(temperature * (meanOfTop(positive) - negativeSide));
  }
  return out;
}

function cosine(
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  dimensions: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dimensions; d += 4) {
    s0 += a[aOffset + d]! * b[bOffset + d]!;
    s1 += a[aOffset + d + 1]! * b[bOffset + d + 1]!;
    s2 += a[aOffset + d + 2]! * b[bOffset + d + 2]!;
    s3 += a[aOffset + d + 3]! * b[bOffset + d + 3]!;
  }
  for (; d < dimensions; d++) s0 += a[aOffset + d]! * b[bOffset + d]!;
  return s0 + s1 + s2 + s3;
}

/** Keeps the largest values seen, in descending order, in a fixed-size buffer. */
function keepTop(top: Float64Array, value: number): void {
  if (value <= top[top.length - 1]!) return;
  let index = top.length - 1;
  while (index > 0 && top[index - 1]! < value) {
    top[index] = top[index - 1]!;
    index--;
  }
  top[index] = value;
}

function meanOfTop(top: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (const value of top) {
    if (value === Number.NEGATIVE_INFINITY) break;
    sum += value;
    count++;
  }
  return count > 0 ? sum / count : 0;
}
