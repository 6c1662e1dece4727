import { fileURLToPath } from 'node:url';
import { defineProject, mergeConfig } from 'vitest/config';

/** The real datasets live beside the repository, in ../shared/datasets (they are not ours to commit). */
const sharedDatasets = fileURLToPath(new URL('../../../shared/datasets', import.meta.url));

/**
 * The test setup every borderline package shares.
 * Tests sit beside the source (`src/**\/*.test.ts`); benchmarks live in `bench/*.bench.ts`.
 * @param {import('vitest/config').UserProjectConfigExport} [overrides]
 */
export function definePackageTests(overrides = {}) {
  const base = defineProject({
    // Workspace packages resolve to their TypeScript source in tests (the `@borderline/source` export
    // condition), so a test never runs against a stale dist/ and needs no build of its dependencies.
    resolve: { conditions: ['@borderline/source'] },
    ssr: { resolve: { conditions: ['@borderline/source'], externalConditions: ['@borderline/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      benchmark: { include: ['bench/**/*.bench.ts'] },
      environment: 'node',
      setupFiles: [fileURLToPath(new URL('./fast-check-seed.js', import.meta.url))],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      env: { BORDERLINE_DATA_PATH: process.env.BORDERLINE_DATA_PATH ?? sharedDatasets },
    },
  });
  return mergeConfig(base, overrides);
}

export { sharedDatasets };
