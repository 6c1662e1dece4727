/** @borderline/agreement: agreement metrics on integer label codes in typed arrays (-1 = missing). */
export { type AgainstPanelOptions, type AgainstPanelResult, againstPanel } from './against-panel';
export {
  type AgreementReport,
  type AgreementReportOptions,
  agreementReport,
  type ReportAnnotator,
  type ReportPair,
} from './agreement-report';
export { type BootstrapKappaOptions, type BootstrapKappaResult, bootstrapKappaCi } from './bootstrap';
export { type CohenKappaOptions, type CohenKappaResult, cohenKappa } from './cohen-kappa';
export { agreementWeights, type UndefinedReason, type Weights, Z95 } from './common';
export { type ConfusionMatrix, confusionMatrix } from './confusion-matrix';
export { type DawidSkeneOptions, type DawidSkeneResult, dawidSkene } from './dawid-skene';
export { type FleissKappaResult, fleissKappa, fleissKappaFromCounts } from './fleiss-kappa';
export { type GwetAc1Options, type GwetAc1Result, gwetAc1 } from './gwet-ac1';
export { type InternalAlignment, internalAlignment } from './internal-alignment';
export {
  type KrippendorffAlphaOptions,
  type KrippendorffAlphaResult,
  krippendorffAlpha,
  type MeasurementLevel,
} from './krippendorff-alpha';
export { type MajorityVoteOptions, majorityVote, type TiePolicy } from './majority-vote';
export { type MeanInterval, meanInterval, studentTCdf, studentTQuantile } from './mean-interval';
export { type PabakOptions, type PabakResult, pabak } from './pabak';
export { type PairKappa, type PairwiseKappaResult, pairwiseKappa } from './pairwise-kappa';
export type { PanelOptions, WeightedPanelOptions } from './panel';
export { panelGwetAc1 } from './panel-gwet-ac1';
export {
  type PairwiseKappaColumns,
  type SparsePairwiseOptions,
  sparsePairwiseKappa,
} from './sparse-pairwise-kappa';
export { type LabelColumns, type SparsePanel, sparsePanel } from './sparse-panel';
