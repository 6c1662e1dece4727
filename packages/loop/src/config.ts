import { invalidArgument } from '@borderline/core';
import { CURATION_SIDES, type CurationConfig, type StopRule } from './types';

/** What a caller must give; everything else has a documented default. */
export type CurationConfigInput = Partial<Omit<CurationConfig, 'stop' | 'labels' | 'positive'>> & {
  readonly labels: readonly [string, string];
  readonly positive: string;
  readonly stop?: Partial<StopRule>;
};

/**
 * The defaults: ~100 items per iteration, 62:38 fine-tune:eval (the paper's counts), six iterations, and
 * alignment counted as reached only on an evaluation set with at least 10 items of each expert class (a kappa on
 * 3 evaluation items reaching an alignment of 0 is no evidence of anything).
 */
export const DEFAULT_STOP_RULE: StopRule = {
  target: 'alignment',
  plateau: { delta: 0.01, patience: 3 },
  maxIterations: 6,
  minEvaluationPerClass: 10,
};

/**
 * A complete, validated configuration. Defaults: `batchSize` 100, `fineTuneShare` 0.62, `seed` 1,
 * `tiePolicy` `exclude`, `weighting` `none`, `threshold` 0.5, stop rule `DEFAULT_STOP_RULE`.
 */
export function createCurationConfig(input: CurationConfigInput): CurationConfig {
  const config: CurationConfig = {
    labels: [input.labels[0], input.labels[1]],
    positive: input.positive,
    batchSize: input.batchSize ?? 100,
    fineTuneShare: input.fineTuneShare ?? 0.62,
    seed: input.seed ?? 1,
    tiePolicy: input.tiePolicy ?? 'exclude',
    weighting: input.weighting ?? 'none',
    threshold: input.threshold ?? 0.5,
    // Only written when asked for, so a default config's JSON is as it was before the option.
    ...(input.sides === undefined ? {} : { sides: input.sides }),
    stop: { ...DEFAULT_STOP_RULE, ...input.stop },
  };
  validateConfig(config);
  return config;
}

/** Throws an `invalid-argument` error naming the first bad field of a configuration. */
export function validateConfig(config: CurationConfig): void {
  const fail = (field: string, message: string) => {
    throw invalidArgument('curation config', `${field}: ${message}`);
  };
  const [negative, positive] = config.labels;
  if (negative === positive || negative === '' || positive === '')
    fail('labels', 'needs two distinct non-empty categories');
  if (!config.labels.includes(config.positive))
    fail('positive', `"${config.positive}" is not one of ${JSON.stringify(config.labels)}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1)
    fail('batchSize', `must be a positive integer, got ${config.batchSize}`);
  if (!(config.fineTuneShare > 0 && config.fineTuneShare < 1))
    fail('fineTuneShare', `must be in (0, 1), got ${config.fineTuneShare}`);
  if (!(config.threshold > 0 && config.threshold < 1))
    fail('threshold', `must be in (0, 1), got ${config.threshold}`);
  if (config.sides !== undefined && !CURATION_SIDES.includes(config.sides))
    fail('sides', `must be ${CURATION_SIDES.join(', ')}, got ${config.sides}`);
  if (!['exclude', 'positive', 'negative'].includes(config.tiePolicy))
    fail('tiePolicy', `must be exclude, positive or negative, got ${config.tiePolicy}`);
  if (!['none', 'agreement'].includes(config.weighting))
    fail('weighting', `must be none or agreement, got ${config.weighting}`);
  validateStopRule(config.stop, fail);
}

function validateStopRule(rule: StopRule, fail: (field: string, message: string) => void): void {
  if (!['alignment', 'alignment-ci-lower', 'kappa-ci-lower'].includes(rule.target))
    fail('stop.target', `must be alignment, alignment-ci-lower or kappa-ci-lower, got ${rule.target}`);
  if (!Number.isInteger(rule.maxIterations) || rule.maxIterations < 1)
    fail('stop.maxIterations', `must be a positive integer, got ${rule.maxIterations}`);
  if (rule.budget !== undefined && (!Number.isInteger(rule.budget) || rule.budget < 1))
    fail('stop.budget', `must be a positive integer, got ${rule.budget}`);
  if (
    rule.minEvaluationPerClass !== undefined &&
    (!Number.isInteger(rule.minEvaluationPerClass) || rule.minEvaluationPerClass < 0)
  )
    fail('stop.minEvaluationPerClass', `must be a non-negative integer, got ${rule.minEvaluationPerClass}`);
  if (rule.plateau !== undefined) {
    if (!Number.isInteger(rule.plateau.patience) || rule.plateau.patience < 1)
      fail('stop.plateau.patience', `must be a positive integer, got ${rule.plateau.patience}`);
    if (!(rule.plateau.delta >= 0)) fail('stop.plateau.delta', `must be >= 0, got ${rule.plateau.delta}`);
  }
}
