import { definePackageBuild } from '@borderline/tsup-config';

// The run store (`@borderline/loop/store`, DuckDB) and the report renderers (`@borderline/loop/report`) are
// their own entries, so the pure loop never loads DuckDB.
export default definePackageBuild({
  entry: {
    index: 'src/index.ts',
    'store/index': 'src/store/index.ts',
    'report/index': 'src/report/index.ts',
  },
});
