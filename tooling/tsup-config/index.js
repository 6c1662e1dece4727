import { defineConfig } from 'tsup';

/**
 * The build every borderline package shares: ESM for Node 20, declarations, source maps.
 * @param {import('tsup').Options} [overrides] merged over the preset (e.g. more entry points).
 */
export function definePackageBuild(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
