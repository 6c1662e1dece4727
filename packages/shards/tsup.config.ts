import { definePackageBuild } from '@borderline/tsup-config';

// The worker entry is its own file in dist: the local executor forks it as a child process. `./testing` is the
// synthetic pool of the benches.
export default definePackageBuild({
  entry: {
    index: 'src/index.ts',
    'worker-entry': 'src/worker-entry.ts',
    'testing/index': 'src/testing/index.ts',
  },
});
