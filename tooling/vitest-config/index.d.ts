import type { UserProjectConfigExport } from 'vitest/config';

/** The test setup every borderline package shares. */
export declare function definePackageTests(overrides?: UserProjectConfigExport): UserProjectConfigExport;
/** Absolute path of ../shared/datasets, the default BORDERLINE_DATA_PATH in tests. */
export declare const sharedDatasets: string;
