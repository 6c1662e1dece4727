import { once as onceEvent } from 'node:events';
import { createWriteStream } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { scanShards } from '@borderline/shards';
import { writeSyntheticPool } from '@borderline/shards/testing';
import { bench, describe } from 'vitest';
import { openRunStore } from '../src/open-run-store';
import { tempDir } from '../test/temp-dir';

// A sharded dataset's crowd labels into a run's ledger (what a sharded init does): a synthetic pool as Parquet
// shards and a labels.jsonl with BORDERLINE_LABELS_BENCH_PER_ITEM crowd labels per item (default 1), then
// `importDatasetLabels` in one transaction. Prints the wall time, labels per second and the process's RSS
// growth (what the import held beyond the bench process). BORDERLINE_LABELS_BENCH_ITEMS (default 1,000,000) and
// BORDERLINE_LABELS_BENCH_SHARD (default 100,000) size the pool.
const ITEMS = Number(process.env.BORDERLINE_LABELS_BENCH_ITEMS ?? 1_000_000);
const PER_SHARD = Number(process.env.BORDERLINE_LABELS_BENCH_SHARD ?? 100_000);
const PER_ITEM = Number(process.env.BORDERLINE_LABELS_BENCH_PER_ITEM ?? 1);
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const root = tempDir('borderline-labels-bench-').dir;
const poolDir = join(root, 'pool');

async function writeCrowdLabels(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let item = 0; item < ITEMS; item++) {
    let chunk = '';
    for (let crowd = 0; crowd < PER_ITEM; crowd++) {
      const label = (item * 7 + crowd) % 3 === 0 ? 'violating' : 'benign';
      chunk += `{"item":"ad-${item}","annotator":"crowd-${(item + crowd) % 50}","role":"crowd","label":"${label}"}\n`;
    }
    if (!out.write(chunk)) await onceEvent(out, 'drain');
  }
  out.end();
  await onceEvent(out, 'finish');
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

describe(`run-store: ${(ITEMS * PER_ITEM).toLocaleString('en')} crowd labels of a sharded pool of ${ITEMS.toLocaleString('en')}`, () => {
  bench(
    'importDatasetLabels',
    async () => {
      await writeSyntheticPool(poolDir, ITEMS, PER_SHARD);
      await writeCrowdLabels(join(poolDir, 'labels.jsonl'));
      const manifest = await scanShards(poolDir);
      const store = await openRunStore(join(root, 'run'), { mode: 'create' });
      try {
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 50);
        const started = performance.now();
        const result = await store.transaction(async () => {
          await store.writeShardManifest(manifest);
          return store.importDatasetLabels({
            role: 'crowd',
            categories: ['benign', 'violating'],
            source: 'dataset:bench',
          });
        });
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        const labels = result?.added ?? 0;
        console.log(
          `importDatasetLabels: ${labels.toLocaleString('en')} labels in ${seconds.toFixed(1)} s (${Math.round(labels / seconds).toLocaleString('en')} labels/s); RSS ${mib(rssBefore)} -> peak ${mib(peak)} (+${mib(peak - rssBefore)}); load average ${loadavg()[0]!.toFixed(1)}`,
        );
      } finally {
        store.close();
      }
    },
    once,
  );
});
