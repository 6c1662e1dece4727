import { createRng, type Example, invalidArgument, type Seed, throwIfAborted } from '@borderline/core';
import type {
  AdaptOptions,
  CallOptions,
  Classifier,
  Embedder,
  EmbeddingHead,
  SavableClassifier,
} from '../contracts';
import { encodeLocalClassifier } from './classifier-codec';
import {
  type FoldedHead,
  foldHead,
  type HeadWeights,
  initialWeights,
  SCORE_BLOCK,
  scoreRows,
} from './head-network';
import { type TrainingConfig, trainHead } from './head-training';
import type {
  LocalClassifierCalibration,
  LocalClassifierSize,
  LocalClassifierState,
} from './local-classifier-state';

export type { LocalClassifierCalibration, LocalClassifierSize } from './local-classifier-state';

/** Options of {@link createLocalClassifier}. */
export interface LocalClassifierOptions {
  readonly size: LocalClassifierSize;
  /** The embedder whose vectors the head reads (the local embedder by default in callers). */
  readonly embedder: Embedder;
  /** Seeds the initial weights, the held-out split, shuffling and dropout. Default 0. */
  readonly seed?: Seed;
  /**
   * Hidden units of `large`; ignored by `small`. Default 32: on Stop Clickbait it matched 64 units (kappa 0.861
   * both) at half the training and scoring time.
   */
  readonly hiddenUnits?: number;
  /** Overrides of the training defaults of the size. */
  readonly training?: Partial<TrainingConfig>;
  /**
   * What P(positive) assumes about the class balance (see {@link LocalClassifierCalibration}). Default
   * {@link DEFAULT_CALIBRATION}. Saved with the model; every later `adapt` keeps it.
   */
  readonly calibration?: LocalClassifierCalibration;
  /**
   * A prior to fine-tune from, e.g. LLM-0's head (`createZeroShotClassifier(...).head`), reading the same
   * embedder's vectors. The score becomes sigmoid(network(x) + c * logit(prior(x))): version 0 is the prior itself
   * (c = 1 and the network's output at zero), and every `adapt` starts from there, learns c unpenalised (a Platt
   * rescaling of the prior) and the network as a residual under the size's usual regulariser (L2 for `small`,
   * weight decay for `large`), which pulls it toward adding nothing, i.e. toward the prior. Without it (the
   * default) the base is the untrained head. Not saved: `loadLocalClassifier` needs the same prior again.
   */
  readonly prior?: EmbeddingHead;
}

/**
 * The calibration when none is given: `balanced`. `prior` gives better probabilities (lower Brier score on
 * ConvAbuse) but did not win kappa at the 0.5 cut-off on ConvAbuse's dev split and lowered the paper replay's
 * audit kappas (README, "Calibration").
 */
export const DEFAULT_CALIBRATION: LocalClassifierCalibration = 'balanced';

/** Training defaults per size, chosen on Stop Clickbait (see README). */
export const TRAINING_DEFAULTS: Readonly<Record<LocalClassifierSize, TrainingConfig>> = {
  small: {
    learningRate: 0.01,
    l2: 1e-2,
    weightDecay: 0,
    dropout: 0,
    batchSize: 0,
    maxEpochs: 300,
    maxExamplePasses: 1_000_000,
    patience: 15,
    validationFraction: 0.15,
    refitBelow: 5000,
  },
  large: {
    learningRate: 1e-3,
    l2: 0,
    weightDecay: 1e-2,
    dropout: 0.2,
    batchSize: 0,
    maxEpochs: 300,
    maxExamplePasses: 400_000,
    patience: 15,
    validationFraction: 0.15,
    refitBelow: 5000,
  },
};

/**
 * A classifier trained in TypeScript over an embedder's vectors. Version 0 is the untrained base (P = 0.5 for
 * `small`, the random MLP for `large`); `adapt` always trains from that base on the examples it is given, so the
 * caller passes every example the next version should learn from.
 */
export function createLocalClassifier(options: LocalClassifierOptions): SavableClassifier {
  const { size, embedder } = options;
  if (size !== 'small' && size !== 'large')
    throw invalidArgument('local-classifier', `unknown size ${String(size)}`);
  const hidden = size === 'small' ? 0 : (options.hiddenUnits ?? 32);
  if (!Number.isInteger(hidden) || (size === 'large' && hidden < 1)) {
    throw invalidArgument('local-classifier', 'hiddenUnits must be an integer >= 1');
  }
  const calibration = options.calibration ?? DEFAULT_CALIBRATION;
  if (calibration !== 'balanced' && calibration !== 'prior') {
    throw invalidArgument('local-classifier', `unknown calibration ${String(calibration)}`);
  }
  const seed = options.seed ?? 0;
  const { prior } = options;
  if (prior !== undefined) checkPrior(prior, embedder);
  const shape = { dimensions: embedder.dimensions, hidden };
  const base = initialWeights(shape, createRng(seed).fork('init'), prior !== undefined);
  const training = { ...TRAINING_DEFAULTS[size], ...options.training };
  return buildLocalClassifier(
    { size, seed, version: 0, embedderId: embedder.modelId, training, calibration, base, weights: base },
    embedder,
    prior,
  );
}

/** Refuses a prior that reads other vectors than the classifier's embedder. */
export function checkPrior(prior: EmbeddingHead, embedder: Embedder): void {
  if (prior.embedderId !== embedder.modelId || prior.dimensions !== embedder.dimensions) {
    throw invalidArgument(
      'local-classifier',
      `the prior reads ${prior.embedderId} (${prior.dimensions}-d) vectors, the classifier ${embedder.modelId} (${embedder.dimensions}-d)`,
    );
  }
}

/**
 * Wraps a state into the immutable classifier object (also used by `loadLocalClassifier`). `prior` is required
 * exactly when the state was trained with one.
 */
export function buildLocalClassifier(
  state: LocalClassifierState,
  embedder: Embedder,
  prior?: EmbeddingHead,
): SavableClassifier {
  if ((state.base.priorCoefficient !== undefined) !== (prior !== undefined)) {
    throw invalidArgument(
      'local-classifier',
      prior === undefined
        ? 'this classifier was trained with a prior: pass it'
        : 'this classifier has no prior',
    );
  }
  const head = createHead(state, embedder, prior);
  const { classifyEmbedded, adaptEmbedded } = head;
  const classifier: SavableClassifier = {
    specificationVersion: 'v1',
    provider: 'local',
    modelId: `local-${state.size}`,
    version: state.version,
    classify: async (texts, callOptions = {}) => {
      throwIfAborted(callOptions.signal, 'local-classifier');
      return classifyEmbedded(await embedder.embed(texts, callOptions), callOptions);
    },
    adapt: async (examples: readonly Example[], adaptOptions: AdaptOptions = {}) => {
      throwIfAborted(adaptOptions.signal, 'local-classifier');
      const { labels, weights } = examplesToArrays(examples);
      const embeddings = await embedder.embed(
        examples.map((example) => example.text),
        adaptOptions,
      );
      return adaptEmbedded(embeddings, labels, { ...adaptOptions, weights });
    },
    head,
    save: () => encodeLocalClassifier(state),
  };
  return Object.freeze(classifier);
}

/** The vector fast path: scoring with the folded weights, training from the base. */
function createHead(state: LocalClassifierState, embedder: Embedder, prior?: EmbeddingHead): EmbeddingHead {
  let folded: FoldedHead | undefined;
  const { dimensions } = state.base;
  const classifyEmbedded = async (embeddings: Float32Array, callOptions: CallOptions = {}) => {
    throwIfAborted(callOptions.signal, 'local-classifier');
    checkMatrix(embeddings, dimensions);
    folded ??= foldHead(state.weights);
    const offsets =
      prior === undefined
        ? undefined
        : scaleInPlace(await priorLogits(prior, embeddings, callOptions), folded.priorCoefficient!);
    return scoreAll(folded, embeddings, callOptions.signal, offsets);
  };
  const adaptEmbedded = async (
    embeddings: Float32Array,
    labels: Uint8Array,
    adaptOptions: AdaptOptions & { readonly weights?: Float32Array } = {},
  ): Promise<Classifier> => {
    throwIfAborted(adaptOptions.signal, 'local-classifier');
    checkTrainingSet(embeddings, labels, adaptOptions.weights, dimensions);
    const rng = createRng(state.seed).fork('train');
    const set = {
      rows: embeddings,
      labels,
      ...(adaptOptions.weights ? { weights: adaptOptions.weights } : {}),
      ...(prior === undefined ? {} : { offsets: await priorLogits(prior, embeddings, adaptOptions) }),
    };
    const weights: HeadWeights =
      labels.length === 0
        ? state.base
        : await trainHead(state.base, set, state.training, rng, adaptOptions, state.calibration);
    return buildLocalClassifier({ ...state, version: state.version + 1, weights }, embedder, prior);
  };
  return Object.freeze({ embedderId: state.embedderId, dimensions, classifyEmbedded, adaptEmbedded });
}

/** The prior's P(positive) as logits (a new array; the prior's scores are not touched). */
async function priorLogits(
  prior: EmbeddingHead,
  embeddings: Float32Array,
  options: CallOptions,
): Promise<Float64Array> {
  const scores = await prior.classifyEmbedded(embeddings, options.signal ? { signal: options.signal } : {});
  const logits = new Float64Array(scores.length);
  for (let index = 0; index < scores.length; index++) {
    const p = Math.min(1 - PRIOR_CLAMP, Math.max(PRIOR_CLAMP, scores[index]!));
    logits[index] = Math.log(p / (1 - p));
  }
  return logits;
}

/** Prior probabilities are clamped to [1e-12, 1 - 1e-12] (logits within +-27.6) before the logit. */
const PRIOR_CLAMP = 1e-12;

function scaleInPlace(values: Float64Array, factor: number): Float64Array {
  for (let index = 0; index < values.length; index++) values[index]! *= factor;
  return values;
}

const SCORE_CHUNK = 16384;

async function scoreAll(
  head: FoldedHead,
  rows: Float32Array,
  signal: AbortSignal | undefined,
  offsets?: Float64Array,
) {
  const count = rows.length / head.dimensions;
  const out = new Float64Array(count);
  const input = new Float64Array(SCORE_BLOCK * head.dimensions);
  const logits = new Float64Array(SCORE_BLOCK);
  for (let start = 0; start < count; start += SCORE_CHUNK) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(signal, 'local-classifier');
    scoreRows(head, rows, start, Math.min(count, start + SCORE_CHUNK), out, input, logits, offsets);
  }
  return out;
}

function checkMatrix(embeddings: Float32Array, dimensions: number): void {
  if (!(embeddings instanceof Float32Array) || embeddings.length % dimensions !== 0) {
    throw invalidArgument('local-classifier', `embeddings must be a Float32Array of n x ${dimensions}`);
  }
}

function checkTrainingSet(
  rows: Float32Array,
  labels: Uint8Array,
  weights: Float32Array | undefined,
  dimensions: number,
) {
  checkMatrix(rows, dimensions);
  const count = rows.length / dimensions;
  if (labels.length !== count)
    throw invalidArgument('local-classifier', `${labels.length} labels for ${count} rows`);
  for (let row = 0; row < count; row++) {
    if (labels[row]! > 1) throw invalidArgument('local-classifier', `labels[${row}] must be 0 or 1`);
  }
  for (let index = 0; index < rows.length; index++) {
    if (!Number.isFinite(rows[index]!))
      throw invalidArgument('local-classifier', `embedding value ${index} is not finite`);
  }
  if (weights === undefined) return;
  if (weights.length !== count)
    throw invalidArgument('local-classifier', `${weights.length} weights for ${count} rows`);
  for (let row = 0; row < count; row++) {
    if (!(weights[row]! >= 0) || !Number.isFinite(weights[row]!)) {
      throw invalidArgument('local-classifier', `weights[${row}] must be finite and >= 0`);
    }
  }
}

function examplesToArrays(examples: readonly Example[]) {
  const labels = new Uint8Array(examples.length);
  const weights = new Float32Array(examples.length);
  examples.forEach((example, index) => {
    if (example.label !== 0 && example.label !== 1) {
      throw invalidArgument('local-classifier', `examples[${index}].label must be 0 or 1`);
    }
    if (typeof example.text !== 'string')
      throw invalidArgument('local-classifier', `examples[${index}].text must be a string`);
    labels[index] = example.label;
    weights[index] = example.weight ?? 1;
  });
  return { labels, weights };
}
