import {
  type Annotation,
  type Annotator,
  type CallOptions,
  createRng,
  type Item,
  invalidArgument,
  type Label,
  type Seed,
} from '@borderline/core';
import { annotateAds } from './ads-items';
import { CALIBRATION } from './calibration';
import { logit, seedKey, sigmoid, unitDraw } from './draw';
import { ADS_LABELS, type AdsWorld } from './types';

/** Options of `createExpertPanel`. */
export interface ExpertPanelOptions {
  /** Experts per item; 3 by default (the paper's panel). */
  readonly experts?: number;
  readonly seed: Seed;
  /** SD of each expert's fixed logit bias; the task's calibrated value by default. */
  readonly biasSd?: number;
}

/** Labels of many items at once: row i holds the experts' 0/1 codes for `indices[i]`. */
export interface LabelMatrix {
  readonly annotators: readonly string[];
  /** indices.length x annotators.length, row-major, 0 benign / 1 violating. */
  readonly matrix: Int32Array;
}

/** A simulated expert panel: an `Annotator` of the runner contracts, plus a typed-array fast path. */
export interface ExpertPanel extends Annotator {
  readonly role: 'expert';
  readonly annotators: readonly string[];
  /** Each expert's fixed logit bias (positive: stricter, flags more). */
  readonly biases: Float64Array;
  /** P(expert `expert` says violating on ad `index`): what each label is drawn from. */
  probability(expert: number, index: number): number;
  annotate(items: readonly Item[], options?: CallOptions): Promise<readonly Annotation[]>;
  labelIndices(indices: Int32Array): LabelMatrix;
}

/**
 * A panel of experts over a world. Expert e says violating on ad i with probability
 * sigmoid(logit(consensus_i) + bias_e), drawn from a counter-based stream of (seed, e, i): a label is a pure
 * function of who labels what, independent across experts and of call order.
 */
export function createExpertPanel(world: AdsWorld, options: ExpertPanelOptions): ExpertPanel {
  const experts = options.experts ?? 3;
  if (!Number.isInteger(experts) || experts < 1 || experts > 255) {
    throw invalidArgument('createExpertPanel', `experts must be an integer in [1, 255], got ${experts}`);
  }
  const biases = expertBiases(options.seed, experts, options.biasSd ?? CALIBRATION[world.task].expertBiasSd);
  const key = seedKey(options.seed, `expert:${world.task}`);
  const annotators = Array.from({ length: experts }, (_, expert) => `expert-${expert + 1}`);
  const size = world.ids.length;
  const probability = (expert: number, index: number): number =>
    sigmoid(logit(world.consensus[index]!) + biases[expert]!);
  const code = (expert: number, index: number): number =>
    unitDraw(key, expert, index) < probability(expert, index) ? 1 : 0;
  return {
    specificationVersion: 'v1',
    id: `simulated-experts-${world.task}`,
    role: 'expert',
    annotators,
    biases,
    probability(expert, index) {
      if (!(Number.isInteger(expert) && expert >= 0 && expert < experts && index >= 0 && index < size)) {
        throw invalidArgument(
          'ExpertPanel.probability',
          `expert ${expert} must be in [0, ${experts}) and index ${index} in [0, ${size})`,
        );
      }
      return probability(expert, index);
    },
    annotate: (items, callOptions) =>
      annotateAds(
        world,
        items,
        (index, item) => panelLabels(annotators, code, index, item),
        'ExpertPanel.annotate',
        callOptions,
      ),
    labelIndices: (indices) => labelMatrix(annotators, code, size, indices),
  };
}

/** Each expert's fixed logit bias, normal(0, biasSd), from the seed's `expert-bias` stream. */
function expertBiases(seed: Seed, experts: number, biasSd: number): Float64Array {
  const biasRng = createRng(seed).fork('expert-bias');
  const biases = new Float64Array(experts);
  for (let expert = 0; expert < experts; expert++) biases[expert] = biasRng.normal(0, biasSd);
  return biases;
}

/** Every expert's 0/1 code for each of `indices` (checked against the world's `size`), row-major. */
function labelMatrix(
  annotators: readonly string[],
  code: (expert: number, index: number) => number,
  size: number,
  indices: Int32Array,
): LabelMatrix {
  const experts = annotators.length;
  const matrix = new Int32Array(indices.length * experts);
  for (let row = 0; row < indices.length; row++) {
    const index = indices[row]!;
    if (!(index >= 0 && index < size)) {
      throw invalidArgument('ExpertPanel.labelIndices', `indices[${row}] = ${index} is outside [0, ${size})`);
    }
    for (let expert = 0; expert < experts; expert++) matrix[row * experts + expert] = code(expert, index);
  }
  return { annotators, matrix };
}

/** One label per expert for the ad at `index` (item id `item`). */
function panelLabels(
  annotators: readonly string[],
  code: (expert: number, index: number) => number,
  index: number,
  item: string,
): Label[] {
  return annotators.map((annotator, expert) => ({
    item,
    annotator,
    role: 'expert',
    label: ADS_LABELS[code(expert, index)]!,
  }));
}
