import { type Label, ROLES, type Role } from '@borderline/core';
import type { LoadedDataset } from '@borderline/ingest';
import type { CurationConfig } from '@borderline/loop';
import type { Annotator, Classifier } from '@borderline/runners';
import type { AuditSet, CurationPool, EmbeddedPool } from './audit-set';
import type { Trainee } from './curated-runs';

/** What every condition of a dataset replay shares. */
export interface DatasetSetup {
  readonly name: string;
  readonly dataset: LoadedDataset;
  readonly labels: readonly Label[];
  /** The recorded panel of `labels` (expert, else gold): it labels the audit set and answers the curated runs. */
  readonly panel: Annotator;
  readonly full: EmbeddedPool;
  readonly pool: CurationPool;
  readonly audit: AuditSet;
  readonly llm0: Classifier;
  readonly config: CurationConfig;
  readonly trainees: readonly Trainee[];
}

/** Whether any of the dataset's recorded labels has `role`. */
export function hasRole(dataset: LoadedDataset, role: Role): boolean {
  return dataset.labels.role.includes(ROLES.indexOf(role));
}
