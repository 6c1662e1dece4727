/**
 * @borderline/loop: the curation loop as a pure state machine (`startCuration`, `nextEffect`, `applyResult`,
 * `extendRun`), its stopping rule (`decideStop`), and the one effect executor (`executeCuration`) over a storage
 * port (`CurationStore`), with its in-memory implementation (`createMemoryStore`; `runCuration` = both). No I/O.
 */
export { applyResult } from './apply-result';
export { type CurationConfigInput, createCurationConfig, DEFAULT_STOP_RULE, validateConfig } from './config';
export { crowdExpertKappa } from './crowd-kappa';
export type {
  CommittedStep,
  CurationStore,
  LedgerAnswer,
  ModelRecord,
  PassOptions,
  PoolPasses,
  PoolTexts,
} from './curation-store';
export { decideStop } from './decide-stop';
export { executeCuration } from './execute-curation';
export type {
  CurationModels,
  ExecuteCurationOptions,
  ExecutionEvent,
  ExecutionOutcome,
} from './execution-types';
export { extendRun, type RunExtension } from './extend-run';
export { internalAlignment, modelExpertKappa } from './measure';
export { createMemoryStore, type MemoryStore, type MemoryStoreInput } from './memory-store';
export { nextEffect } from './next-effect';
export { type ExpertVerdict, expertVerdict, expertVerdicts, majorityLabels } from './panel';
export {
  adaptRows,
  gatherRows,
  headFor,
  type ItemRows,
  kappaOnRows,
  poolRows,
  scoreRows,
  type VectorSpace,
} from './pool-rows';
export { type Prediction, predict } from './predict';
export { type CurationPool, type CurationRun, type RunCurationOptions, runCuration } from './run-curation';
export {
  boundaryPairSelection,
  DEFAULT_SELECTION,
  type ResolvedSelection,
  resolveSelection,
  type SelectionChoices,
  type SidesSelection,
  sidesProblem,
} from './selection-choices';
export { selectionInput } from './selection-input';
export {
  checkShardedPolicy,
  createShardedPolicy,
  SHARDED_POLICY_NAMES,
  type ShardedSamplingPolicy,
  type ShardedSelectionInput,
} from './sharded-policy';
export {
  evaluationSet,
  fineTuneExamples,
  parseCurationState,
  reviewedItems,
  reviewedMask,
  serializeCurationState,
  startCuration,
} from './state';
export type {
  BatchRecord,
  CurationConfig,
  CurationEffect,
  CurationEvent,
  CurationPhase,
  CurationResult,
  CurationSides,
  CurationState,
  IndexedAnnotation,
  IndexedExample,
  IterationRecord,
  KappaFigure,
  PanelRecord,
  SelectionFallback,
  StopDecision,
  StopReason,
  StopRule,
  StopTarget,
  TiePolicy,
  Transition,
  UnavailableRecord,
} from './types';
export { CURATION_SIDES } from './types';
