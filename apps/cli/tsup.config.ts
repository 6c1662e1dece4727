import { definePackageBuild } from '@borderline/tsup-config';
import { build } from 'esbuild';
import { pageBuildOptions } from './src/review/page-build';

export default definePackageBuild({
  entry: ['src/index.ts', 'src/bin.ts'],
  // Only a run from source bundles the review page at startup; the built CLI serves dist/review-page.*.
  external: ['esbuild'],
  // The review page: plain TypeScript and CSS, bundled for the browser next to the CLI (served locally).
  onSuccess: async () => {
    await build(pageBuildOptions('dist', 'src/review/page/main.ts'));
  },
});
