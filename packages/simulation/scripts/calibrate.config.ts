import { defineConfig } from 'vitest/config';

// Runs scripts/calibrate.ts (not a test: a search that prints constants) with workspace sources resolved.
export default defineConfig({
  resolve: { conditions: ['@borderline/source'] },
  ssr: { resolve: { conditions: ['@borderline/source'], externalConditions: ['@borderline/source'] } },
  test: { include: ['scripts/calibrate.ts'], environment: 'node', testTimeout: 3_600_000 },
});
