import { definePackageBuild } from '@borderline/tsup-config';

export default definePackageBuild({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
});
