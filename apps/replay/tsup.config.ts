import { definePackageBuild } from '@borderline/tsup-config';

export default definePackageBuild({ entry: ['src/index.ts', 'src/bin.ts', 'src/task-worker.ts'] });
