/**
 * @borderline/loop: the curation loop as a pure state machine (`startCuration`, `nextEffect`, `applyResult`),
 * its stopping rule (`decideStop`), and an in-memory driver (`runCuration`). The run store is on the `./store`
 * subpath and the replay's report renderers on `./report`.
 */
export { applyResult } from './apply-result';
export { type CurationConfigInput, createCurationConfig, DEFAULT_STOP_RULE, validateConfig } from './config';
export { decideStop } from './decide-stop';
export { internalAlignment, modelExpertKappa } from './measure';
export { gatherRows } from './model-runner';
export { nextEffect } from './next-effect';
export { type ExpertVerdict, expertVerdict, expertVerdicts, majorityLabels } from './panel';
export { type CurationPool, type CurationRun, type RunCurationOptions, runCuration } from './run-curation';
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
  CurationState,
  IndexedAnnotation,
  IndexedExample,
  IterationRecord,
  KappaFigure,
  PanelRecord,
  StopDecision,
  StopReason,
  StopRule,
  StopTarget,
  TiePolicy,
  Transition,
  UnavailableRecord,
} from './types';
