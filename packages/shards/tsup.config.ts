import { definePackageBuild } from '@borderline/tsup-config';

// The worker entry is its own file in dist: the local executor forks it as a child process.
export default definePackageBuild({ entry: ['src/index.ts', 'src/worker-entry.ts'] });
