export { formatCount, formatKappa, formatShare } from './format';
export { renderReportMarkdown } from './render-markdown';
export { renderKappaSvg } from './render-svg';
export { renderPlainTable, renderReportTable } from './render-table';
export { conditionsTable, findCurated, paperComparisonTable, type Table, tasksTable } from './rows';
export {
  type ConditionReport,
  PAPER_FIGURES,
  type PaperTaskFigures,
  type ReplayReport,
  type ReportTimings,
  type TaskReport,
} from './types';
