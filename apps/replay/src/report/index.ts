export { differenceText } from './difference-text';
export { formatCount, formatKappa, formatShare } from './format';
export { renderReportMarkdown } from './render-markdown';
export { renderKappaSvg } from './render-svg';
export { methodLine, renderPlainTable, renderReportTable } from './render-table';
export {
  conditionsTable,
  curvesTable,
  findCurated,
  pairedTable,
  paperComparisonTable,
  type Table,
  tasksTable,
} from './rows';
export { BASELINES, normalisedArea, type SeedRows, seedFigure, summariseSeeds } from './summarise';
export { findFigure, seedsText, summaryOf } from './summary-of';
export {
  type ConditionReport,
  type CurvePoint,
  type CurveSummary,
  type FigureSummary,
  PAPER_FIGURES,
  type PairedDifference,
  type PaperTaskFigures,
  type ReplayMethod,
  type ReplayReport,
  type ReportTimings,
  type SeedFigure,
  type SeedSummary,
  type TaskReport,
} from './types';
