import { definePackageBuild } from '@borderline/tsup-config';

// The run store is its own entry (`@borderline/loop/store`) so the pure loop never loads DuckDB.
export default definePackageBuild({ entry: { index: 'src/index.ts', 'store/index': 'src/store/index.ts' } });
