import { invalidArgument, type Rng, throwIfAborted } from '@borderline/core';
import type { AdaptOptions } from '../contracts';
import type { LocalClassifierCalibration } from './calibration';
import { dot, type HeadWeights, parameterCount, sigmoid } from './head-network';

/** How a head is trained. Every field has a default per size (see `local-classifier.ts`). */
export interface TrainingConfig {
  /** Adam step size. */
  readonly learningRate: number;
  /** L2 penalty added to the loss gradient (logistic regression's regulariser); biases are not penalised. */
  readonly l2: number;
  /** Decoupled weight decay per step, AdamW style (the MLP's regulariser); biases are not decayed. */
  readonly weightDecay: number;
  /** Probability of dropping a hidden unit during training (0 for none). */
  readonly dropout: number;
  /** Mini-batch size; 0 picks 32 below 2,000 training rows and 256 above. */
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Caps epochs x rows so large sets train in bounded time (at least 3 epochs run). */
  readonly maxExamplePasses: number;
  /** Epochs without a better held-out loss before stopping. */
  readonly patience: number;
  /** Share of each class held out for early stopping. */
  readonly validationFraction: number;
  /** Below this many rows, retrain on every row for the best epoch count found on the held-out slice. */
  readonly refitBelow: number;
}

/** Rows, 0/1 labels, optional per-row weights and, for a head with a prior, the prior's logit per row. */
export interface TrainingSet {
  readonly rows: Float32Array;
  readonly labels: Uint8Array;
  readonly weights?: Float32Array;
  /** The prior's logit per row; required when the base has a `priorCoefficient`, ignored otherwise. */
  readonly offsets?: Float64Array;
}

/**
 * Trains from `base` (never modified) on the set, each class weighing half; returns new weights. With `prior`
 * calibration the output bias then moves by {@link priorShift}, so P(positive) follows the set's class balance.
 */
export async function trainHead(
  base: HeadWeights,
  set: TrainingSet,
  config: TrainingConfig,
  rng: Rng,
  options: AdaptOptions = {},
  calibration: LocalClassifierCalibration = 'balanced',
): Promise<HeadWeights> {
  if (base.priorCoefficient !== undefined && set.offsets?.length !== set.labels.length) {
    throw invalidArgument('local-classifier', 'a head with a prior needs the prior logit of every row');
  }
  const trained = await trainBalanced(base, set, config, rng, options);
  const shift = calibration === 'prior' ? priorShift(set) : 0;
  if (shift === 0) return trained;
  const params = trained.params.slice();
  // The output bias is the last parameter of both shapes.
  params[params.length - 1]! += shift;
  return { ...trained, params };
}

/**
 * log(pi / (1 - pi)), pi the example-weighted positive share: class weights w1 = 1 / (2 pi) and w0 = 1 / (2 (1 - pi))
 * multiply the odds the weighted loss is minimised at by w1 / w0 = (1 - pi) / pi, so adding this to the logit
 * undoes them. 0 when a class is absent (nothing was reweighted).
 */
export function priorShift(set: TrainingSet): number {
  const totals = [0, 0];
  for (let row = 0; row < set.labels.length; row++) totals[set.labels[row]!]! += set.weights?.[row] ?? 1;
  return totals[0]! > 0 && totals[1]! > 0 ? Math.log(totals[1]! / totals[0]!) : 0;
}

async function trainBalanced(
  base: HeadWeights,
  set: TrainingSet,
  config: TrainingConfig,
  rng: Rng,
  options: AdaptOptions,
): Promise<HeadWeights> {
  const count = set.labels.length;
  const { mean, scale } = standardisation(set.rows, count, base.dimensions);
  const standardised = { ...base, mean, scale };
  const sampleWeights = balancedWeights(set);
  const split = holdout(set.labels, config.validationFraction, rng.fork('split'));
  const firstRun = await runEpochs(
    standardised,
    set,
    sampleWeights,
    split,
    config,
    rng.fork('epochs'),
    options,
  );
  if (split.validation.length === 0 || count >= config.refitBelow) return firstRun.weights;
  const all = {
    train: Int32Array.from({ length: count }, (_, index) => index),
    validation: new Int32Array(0),
  };
  const fixed = { ...config, maxEpochs: firstRun.bestEpoch, maxExamplePasses: Number.POSITIVE_INFINITY };
  return (await runEpochs(standardised, set, sampleWeights, all, fixed, rng.fork('refit'), options)).weights;
}

function standardisation(rows: Float32Array, count: number, dimensions: number) {
  const mean = new Float64Array(dimensions);
  const scale = new Float64Array(dimensions);
  for (let row = 0; row < count; row++) {
    for (let d = 0; d < dimensions; d++) mean[d]! += rows[row * dimensions + d]!;
  }
  for (let d = 0; d < dimensions; d++) mean[d] = count > 0 ? mean[d]! / count : 0;
  for (let row = 0; row < count; row++) {
    for (let d = 0; d < dimensions; d++) {
      const centred = rows[row * dimensions + d]! - mean[d]!;
      scale[d]! += centred * centred;
    }
  }
  // A constant dimension keeps factor 1 instead of dividing by zero.
  for (let d = 0; d < dimensions; d++) {
    const deviation = count > 1 ? Math.sqrt(scale[d]! / count) : 0;
    scale[d] = deviation > 1e-8 ? 1 / deviation : 1;
  }
  return { mean, scale };
}

/** Example weight x class weight, the class weights making both classes weigh half of the total. */
function balancedWeights(set: TrainingSet): Float64Array {
  const count = set.labels.length;
  const totals = [0, 0];
  for (let row = 0; row < count; row++) totals[set.labels[row]!]! += set.weights?.[row] ?? 1;
  const all = totals[0]! + totals[1]!;
  const classWeight = totals.map((total) => (total > 0 ? all / (2 * total) : 0));
  const weights = new Float64Array(count);
  for (let row = 0; row < count; row++)
    weights[row] = (set.weights?.[row] ?? 1) * classWeight[set.labels[row]!]!;
  return weights;
}

interface Split {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/** A stratified held-out slice; none when a class has fewer than 5 rows (nothing to stop early on). */
function holdout(labels: Uint8Array, fraction: number, rng: Rng): Split {
  const byClass: number[][] = [[], []];
  for (let row = 0; row < labels.length; row++) byClass[labels[row]!]!.push(row);
  if (fraction <= 0 || byClass[0]!.length < 5 || byClass[1]!.length < 5) {
    return {
      train: Int32Array.from({ length: labels.length }, (_, index) => index),
      validation: new Int32Array(0),
    };
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of byClass) {
    rng.shuffle(rows);
    const held = Math.max(1, Math.round(rows.length * fraction));
    validation.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  return { train: Int32Array.from(train).sort(), validation: Int32Array.from(validation).sort() };
}

interface RunResult {
  readonly weights: HeadWeights;
  readonly bestEpoch: number;
}

async function runEpochs(
  start: HeadWeights,
  set: TrainingSet,
  sampleWeights: Float64Array,
  split: Split,
  config: TrainingConfig,
  rng: Rng,
  options: AdaptOptions,
): Promise<RunResult> {
  const state = createOptimiser(start, config);
  const order = Int32Array.from(split.train);
  const passes = Math.max(3, Math.ceil(config.maxExamplePasses / Math.max(1, order.length)));
  const epochs = Math.max(1, Math.min(config.maxEpochs, passes));
  const batch = config.batchSize > 0 ? config.batchSize : order.length < 2000 ? 32 : 256;
  let best = { loss: Number.POSITIVE_INFINITY, epoch: epochs, params: state.params.slice() };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(options.signal, 'local-classifier');
    rng.shuffle(order);
    let trainLoss = 0;
    for (let from = 0; from < order.length; from += batch) {
      trainLoss += step(state, set, sampleWeights, order, from, Math.min(order.length, from + batch), rng);
    }
    const loss =
      split.validation.length > 0 ? validationLoss(state, set, sampleWeights, split.validation) : trainLoss;
    options.onProgress?.({ type: 'epoch', epoch, epochs, loss });
    if (split.validation.length === 0) continue;
    if (loss < best.loss - 1e-6) best = { loss, epoch, params: state.params.slice() };
    else if (epoch - best.epoch >= config.patience) break;
  }
  const params = split.validation.length > 0 ? best.params : state.params;
  return { weights: unpack(start, params), bestEpoch: split.validation.length > 0 ? best.epoch : epochs };
}

/** The optimiser's parameter vector back into weights: the prior's coefficient, when there is one, is last. */
function unpack(start: HeadWeights, params: Float64Array): HeadWeights {
  if (start.priorCoefficient === undefined) return { ...start, params };
  const count = parameterCount(start);
  return { ...start, params: params.slice(0, count), priorCoefficient: params[count]! };
}

/** Parameters, Adam moments and per-call scratch buffers of one training run. */
interface Optimiser {
  readonly weights: HeadWeights;
  readonly config: TrainingConfig;
  readonly params: Float64Array;
  readonly gradient: Float64Array;
  readonly first: Float64Array;
  readonly second: Float64Array;
  readonly input: Float64Array;
  readonly hidden: Float64Array;
  /** 1 for a weight, 0 for a bias or the prior's coefficient: regularisers skip them. */
  readonly penalised: Uint8Array;
  /** Index of the prior's coefficient in `params`, -1 without a prior. */
  readonly priorIndex: number;
  /** The prior's logit of the loaded row (0 without a prior). */
  offset: number;
  steps: number;
}

function createOptimiser(start: HeadWeights, config: TrainingConfig): Optimiser {
  const count = parameterCount(start);
  const withPrior = start.priorCoefficient !== undefined;
  const size = count + (withPrior ? 1 : 0);
  const params = new Float64Array(size);
  params.set(start.params);
  if (withPrior) params[count] = start.priorCoefficient!;
  const penalised = new Uint8Array(size);
  const { dimensions, hidden } = start;
  if (hidden === 0) penalised.fill(1, 0, dimensions);
  else {
    penalised.fill(1, 0, hidden * dimensions);
    penalised.fill(1, hidden * (dimensions + 1), hidden * (dimensions + 2));
  }
  return {
    weights: start,
    config,
    params,
    gradient: new Float64Array(size),
    first: new Float64Array(size),
    second: new Float64Array(size),
    input: new Float64Array(dimensions),
    hidden: new Float64Array(Math.max(1, hidden)),
    penalised,
    priorIndex: withPrior ? count : -1,
    offset: 0,
    steps: 0,
  };
}

function loadInput(state: Optimiser, set: TrainingSet, row: number): void {
  const { dimensions, mean, scale } = state.weights;
  const { rows } = set;
  const base = row * dimensions;
  for (let d = 0; d < dimensions; d++) state.input[d] = (rows[base + d]! - mean[d]!) * scale[d]!;
  state.offset = state.priorIndex >= 0 ? set.offsets![row]! : 0;
}

/** The logit of the loaded input; fills `state.hidden` (post-ReLU, post-dropout) for the MLP. */
function forward(state: Optimiser, dropout: number, rng: Rng | undefined): number {
  const { dimensions, hidden } = state.weights;
  const { params, input } = state;
  const prior = state.priorIndex >= 0 ? params[state.priorIndex]! * state.offset : 0;
  if (hidden === 0) {
    return prior + params[dimensions]! + dot(params, 0, input, dimensions);
  }
  const keep = 1 - dropout;
  const w2 = hidden * (dimensions + 1);
  let logit = prior + params[w2 + hidden]!;
  for (let unit = 0; unit < hidden; unit++) {
    if (rng !== undefined && dropout > 0 && rng.float() < dropout) {
      state.hidden[unit] = 0;
      continue;
    }
    const offset = unit * dimensions;
    const a = params[hidden * dimensions + unit]! + dot(params, offset, input, dimensions);
    // Inverted dropout: scale kept units at training time so scoring needs no change.
    const activation = a > 0 ? (rng !== undefined ? a / keep : a) : 0;
    state.hidden[unit] = activation;
    logit += activation * params[w2 + unit]!;
  }
  return logit;
}

function backward(state: Optimiser, delta: number, dropout: number): void {
  const { dimensions, hidden } = state.weights;
  const { params, gradient, input } = state;
  if (state.priorIndex >= 0) gradient[state.priorIndex]! += delta * state.offset;
  if (hidden === 0) {
    for (let d = 0; d < dimensions; d++) gradient[d]! += delta * input[d]!;
    gradient[dimensions]! += delta;
    return;
  }
  const w2 = hidden * (dimensions + 1);
  const keep = 1 - dropout;
  gradient[w2 + hidden]! += delta;
  for (let unit = 0; unit < hidden; unit++) {
    const activation = state.hidden[unit]!;
    if (activation <= 0) continue;
    gradient[w2 + unit]! += delta * activation;
    const unitDelta = (delta * params[w2 + unit]!) / keep;
    gradient[hidden * dimensions + unit]! += unitDelta;
    const offset = unit * dimensions;
    for (let d = 0; d < dimensions; d++) gradient[offset + d]! += unitDelta * input[d]!;
  }
}

/** One mini-batch: weighted log-loss gradient, then an Adam(W) update. Returns the batch's weighted loss. */
function step(
  state: Optimiser,
  set: TrainingSet,
  sampleWeights: Float64Array,
  order: Int32Array,
  from: number,
  to: number,
  rng: Rng,
): number {
  const { config, gradient } = state;
  gradient.fill(0);
  let total = 0;
  let loss = 0;
  for (let position = from; position < to; position++) {
    const row = order[position]!;
    const weight = sampleWeights[row]!;
    if (weight === 0) continue;
    loadInput(state, set, row);
    const probability = sigmoid(forward(state, config.dropout, rng));
    const label = set.labels[row]!;
    loss -= weight * Math.log(Math.max(1e-12, label === 1 ? probability : 1 - probability));
    backward(state, weight * (probability - label), config.dropout);
    total += weight;
  }
  if (total > 0) adamUpdate(state, total);
  return loss;
}

function adamUpdate(state: Optimiser, total: number): void {
  const { params, gradient, first, second, penalised, config } = state;
  state.steps++;
  const correctFirst = 1 - 0.9 ** state.steps;
  const correctSecond = 1 - 0.999 ** state.steps;
  const rate = config.learningRate;
  for (let index = 0; index < params.length; index++) {
    const g = gradient[index]! / total + (penalised[index] ? config.l2 * params[index]! : 0);
    first[index] = 0.9 * first[index]! + 0.1 * g;
    second[index] = 0.999 * second[index]! + 0.001 * g * g;
    const update = first[index]! / correctFirst / (Math.sqrt(second[index]! / correctSecond) + 1e-8);
    params[index] =
      params[index]! - rate * (update + (penalised[index] ? config.weightDecay * params[index]! : 0));
  }
}

function validationLoss(
  state: Optimiser,
  set: TrainingSet,
  sampleWeights: Float64Array,
  rows: Int32Array,
): number {
  let loss = 0;
  let total = 0;
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position]!;
    const weight = sampleWeights[row]!;
    loadInput(state, set, row);
    const probability = sigmoid(forward(state, 0, undefined));
    loss -= weight * Math.log(Math.max(1e-12, set.labels[row] === 1 ? probability : 1 - probability));
    total += weight;
  }
  return total > 0 ? loss / total : 0;
}
