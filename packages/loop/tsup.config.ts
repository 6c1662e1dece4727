import { definePackageBuild } from '@borderline/tsup-config';

// `./testing`: the small fakes (pool, head, panel, policy) the loop's tests and the storage ports' tests share.
export default definePackageBuild({ entry: { index: 'src/index.ts', testing: 'src/testing.ts' } });
