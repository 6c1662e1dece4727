import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '@borderline/core';
import { bench, describe } from 'vitest';
import { loadDataset, loadItemsFile, validateDataset, writeItems, writeLabels } from '../src/index';
import { tempDir } from '../test/temp-dir';

// 1M synthetic items, ~100 bytes a line (~100 MB of JSONL), generated with a seed in a temp folder.
const COUNT = 1_000_000;
const WORDS = [
  'free',
  'offer',
  'click',
  'here',
  'the',
  'best',
  'price',
  'today',
  'new',
  'shoes',
  'win',
  'now',
];
const dir = tempDir('borderline-ingest-bench-').dir;
const jsonl = join(dir, 'items.jsonl');
const parquet = join(dir, 'items.parquet');

function* items() {
  const rng = createRng(1);
  for (let i = 0; i < COUNT; i++) {
    const words: string[] = [];
    for (let w = 0; w < 12; w++) words.push(WORDS[rng.int(0, WORDS.length)]!);
    yield { id: `item-${i}`, text: `${words.join(' ')} "ad" #${i}, ✓`, meta: { k: i % 7 } };
  }
}

function* labels() {
  const rng = createRng(2);
  for (let i = 0; i < COUNT; i++) {
    const label = rng.bernoulli(0.05) ? 'bad' : 'ok';
    yield { item: `item-${i}`, annotator: `crowd-${rng.int(0, 500)}`, role: 'crowd' as const, label };
  }
}

await writeItems(jsonl, items());
await writeLabels(join(dir, 'labels.jsonl'), labels());
writeFileSync(
  join(dir, 'dataset.json'),
  JSON.stringify({ name: 'bench', task: 't', labels: ['ok', 'bad'], positive: 'bad' }),
);
await writeItems(parquet, items());
const megabytes = statSync(jsonl).size / 1e6;

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  // MB/s of the JSONL size is the figure the issue asks for; vitest's ops/sec does not show it. CPU seconds
  // (all threads of the process) show the cost when other work shares the cores.
  process.stdout.write(
    `${label}: ${seconds.toFixed(2)} s wall = ${(megabytes / seconds).toFixed(0)} MB/s; ` +
      `${cpuSeconds.toFixed(2)} s CPU = ${(megabytes / cpuSeconds).toFixed(0)} MB/CPU-s\n`,
  );
}

const runs = { iterations: 3, warmupIterations: 1 };

describe(`read and validate 1M items (${megabytes.toFixed(0)} MB JSONL)`, () => {
  bench(
    'validateDataset(items.jsonl)',
    () => timed('validateDataset jsonl', () => validateDataset(jsonl)),
    runs,
  );
  bench('loadItemsFile(items.jsonl)', () => timed('loadItemsFile jsonl', () => loadItemsFile(jsonl)), runs);
  bench(
    'validateDataset(items.parquet)',
    () => timed('validateDataset parquet', () => validateDataset(parquet)),
    runs,
  );
  bench(
    'loadDataset(1M items + 1M labels, JSONL)',
    () =>
      timed('loadDataset jsonl', async () => {
        const dataset = await loadDataset(dir);
        const heap = process.memoryUsage().heapUsed / 1e6;
        process.stdout.write(
          `loadDataset: ${dataset.labels.count} labels, heap after load ${heap.toFixed(0)} MB\n`,
        );
      }),
    runs,
  );
  bench(
    'loadItemsFile(items.parquet)',
    () => timed('loadItemsFile parquet', () => loadItemsFile(parquet)),
    runs,
  );
});
