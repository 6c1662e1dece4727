/** @borderline/ingest: datasets in and out, streamed and validated, with errors that name file:line and field. */
export { writeAtomically, writeFileAtomically } from './atomic-write';
export type { ColumnarItems, ColumnarLabels, LoadedDataset } from './columnar';
export { CONFLICT_POLICIES, type ConflictPolicy } from './conflict-policy';
export { findDataFile, readManifest, readSiblingManifest } from './dataset-files';
export { type FileType, type Format, fileTypeOf } from './formats';
export { createIssueSink, DEFAULT_MAX_ERRORS, describeFound, type IssueSink } from './issue-sink';
export { labelsOfRole } from './labels-of-role';
export { type LoadDatasetOptions, loadDataset, resolveDatasetDir } from './load-dataset';
export {
  conflictIssue,
  duplicateIdIssue,
  ITEM_KIND,
  LABEL_KIND,
  loadItemsFile,
  loadLabelsFile,
  problemsIn,
  type ReadOptions,
  type RecordBatch,
  type RecordKind,
  readItems,
  readLabels,
  readRecordBatches,
} from './read-records';
export { type ResolveOptions, resolveDatasetPath } from './resolve-dataset-path';
export {
  datasetManifestSchema,
  itemSchema,
  labelSchema,
  type ParsedItem,
  type ParsedLabel,
  type ParsedManifest,
  roleSchema,
} from './schemas';
export {
  type AnnotatorSummary,
  type ValidateOptions,
  type ValidationResult,
  type ValidationSummary,
  validateDataset,
} from './validate-dataset';
export {
  type Column,
  ITEM_COLUMNS,
  LABEL_COLUMNS,
  writeCsv,
  writeItems,
  writeJsonl,
  writeLabels,
  writeParquet,
} from './write-records';
