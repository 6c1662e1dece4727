/** @borderline/sampling — the paper's method: side clusters, overlap, boundary pairs, coverage; baselines; the split. */

export {
  type AssignPass,
  type AssignRequest,
  type AssignResult,
  assignShard,
  checkAssignResult,
  SKIP_ITEM,
  type StreamingAssignOptions,
  streamingAssign,
} from './assign-pass';
export { selectRandom, selectStratified, selectUncertain, type UncertaintyKind } from './baselines';
export type { PairMiningOptions } from './boundary-pair-options';
export { COVERAGE_MEASURES, type CoverageMeasure } from './coverage';
export {
  createPolicy,
  FALLBACK_NAMES,
  isPolicyName,
  POLICY_NAMES,
  type PolicyName,
  type PolicyOptions,
} from './create-policy';
export { type FallbackPolicy, withProvenance } from './fallback';
export { type KCenterOptions, selectKCenter } from './k-center';
export { OVERLAP_TESTS, type OverlapTest } from './overlap';
export { PAIR_SCORINGS, type PairScoring } from './pair-doubt';
export type { BoundaryPair, SamplingPolicy, Selection, SelectionInput } from './policy';
export { FIRST_BATCHES, type FirstBatch } from './score-strata';
export {
  BOUNDARY_PAIR_DEFAULTS,
  type BoundaryPairInput,
  type BoundaryPairOptions,
  selectBoundaryPairs,
} from './select-boundary-pairs';
export {
  STREAMING_SAMPLE_DEFAULT,
  type StreamingBoundaryPairInput,
  type StreamingFallback,
  type StreamingPhase,
  selectBoundaryPairsStreaming,
} from './select-boundary-pairs-streaming';
export { gatherShardRows } from './shard-reads';
export {
  createSideClusterCache,
  SideClusterCache,
  type SideClusterCacheOptions,
} from './side-cluster-cache';
export { defaultClusterCount } from './side-clusters';
export { type ExpertSplit, type SplitOptions, splitExpertLabels } from './split-expert-labels';

/** The package's name, for reports. */
export const packageName = '@borderline/sampling';
