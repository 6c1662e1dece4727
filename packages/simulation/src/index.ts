/** @borderline/simulation: the synthetic ads world and its calibrated expert and crowd panels. */
export { adsItems, adsManifest } from './ads-items';
export { binaryKappa } from './binary-kappa';
export { CALIBRATION, type TaskCalibration } from './calibration';
export {
  type CalibrationReport,
  type CalibrationReportOptions,
  calibrationReport,
} from './calibration-report';
export { type AdsWorldOptions, type CalibratedAdsWorld, createAdsWorld } from './create-ads-world';
export { type Crowd, type CrowdOptions, createCrowd } from './create-crowd';
export {
  createExpertPanel,
  type ExpertPanel,
  type ExpertPanelOptions,
  type LabelMatrix,
} from './create-expert-panel';
export {
  COMPOSITION_CELLS,
  CONSENSUS_EDGES,
  type CuratedComposition,
  compositionCell,
  curatedComposition,
  SUBTLETY_EDGES,
} from './curated-composition';
export { type CuratedProxyOptions, curatedProxySample } from './curated-proxy-sample';
export { type ExpectedAgreement, expectedAgreement } from './expected-agreement';
export { LOOP_COMPOSITION } from './loop-composition';
export { ADS_LABELS, type AdsTask, type AdsWorld } from './types';
export { VERTICALS, type Vertical } from './verticals';
