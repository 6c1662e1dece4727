import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { openRunStoreBackend } from '../src/review/run-store-backend';
import { cli, tempDir, testEnv } from '../test/helpers';
import { makeReviewRun, writeAdsDataset } from '../test/review-run';

// One review decision (validated, committed to the ledger in its own transaction) and its undo, on a
// 1,000-item batch of a run whose ledger already holds 100,000 crowd labels. Target (issue 15): < 100 ms.
const temp = tempDir('borderline-review-bench-');
const run = join(temp.dir, 'run');
await makeReviewRun(temp.dir, run, [
  '--dataset',
  writeAdsDataset(join(temp.dir, 'ads'), 1000),
  '--batch-size',
  '1000',
  '--policy',
  'random',
]);
const crowd = join(temp.dir, 'crowd.jsonl');
const lines: string[] = [];
for (let annotator = 0; annotator < 100; annotator++) {
  for (let item = 0; item < 1000; item++) {
    const label = (item + annotator) % 5 === 0 ? 'clickbait' : 'benign';
    lines.push(
      JSON.stringify({
        item: `ad-${String(item).padStart(4, '0')}`,
        annotator: `c${annotator}`,
        role: 'crowd',
        label,
      }),
    );
  }
}
writeFileSync(crowd, `${lines.join('\n')}\n`);
const imported = await cli(['import', run, crowd, '--quiet'], { cwd: temp.dir, env: testEnv() });
if (imported.code !== 0) throw new Error(imported.stderr);
const { backend } = await openRunStoreBackend(run);
const items = backend.batch.items.map((item) => item.id);
let next = 0;

afterAll(async () => {
  await backend.close();
});

describe('review backend, ledger of 100,000 labels', () => {
  bench('decide + undo (two transactions)', async () => {
    const item = items[next++ % items.length] ?? '';
    await backend.decide('bench', item, 'clickbait');
    await backend.undo('bench', item);
  });
});
