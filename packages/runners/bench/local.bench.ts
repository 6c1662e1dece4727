/**
 * Speed of the local runners (vitest bench) and, printed once, their quality on Stop Clickbait: each classifier is
 * adapted on 400 headlines and scored on 4,000 others (Cohen's kappa against the gold labels, threshold 0.5),
 * for three seeds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Example } from '@borderline/core';
import { createRng } from '@borderline/core';
import { bench, describe } from 'vitest';
import type { Classifier } from '../src/contracts';
import { createLocalClassifier } from '../src/local/local-classifier';
import { createLocalEmbedder } from '../src/local/local-embedder';
import { createZeroShotClassifier } from '../src/local/zero-shot-classifier';

const dataset = join(process.env.BORDERLINE_DATA_PATH ?? '../../../shared/datasets', 'stop-clickbait');
const readJsonl = <T>(file: string): T[] =>
  readFileSync(join(dataset, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
const items = readJsonl<{ id: string; text: string }>('items.jsonl');
const gold = new Map(
  readJsonl<{ item: string; role: string; label: string }>('labels.jsonl')
    .filter((label) => label.role === 'gold')
    .map((label) => [label.item, label.label === 'clickbait' ? 1 : 0] as const),
);
const POLICY =
  'Clickbait: a headline written to make the reader click rather than to inform: it teases and withholds the ' +
  'point, addresses the reader as you, promises a list, a quiz or a surprise, or exaggerates emotion.';

/** Cohen's kappa of thresholded scores against 0/1 truth (a local helper: the bench needs nothing more). */
function kappa(scores: Float64Array, truth: readonly number[]): number {
  const n = truth.length;
  let agree = 0;
  let predictedPositive = 0;
  let truePositive = 0;
  for (let index = 0; index < n; index++) {
    const predicted = scores[index]! >= 0.5 ? 1 : 0;
    if (predicted === truth[index]) agree++;
    predictedPositive += predicted;
    truePositive += truth[index]!;
  }
  const observed = agree / n;
  const p = predictedPositive / n;
  const q = truePositive / n;
  const expected = p * q + (1 - p) * (1 - q);
  return expected === 1 ? 1 : (observed - expected) / (1 - expected);
}

const embedder = createLocalEmbedder();

async function quality(): Promise<void> {
  const rows: string[] = [];
  const makers: Record<string, (seed: number) => Classifier> = {
    large: (seed) => createLocalClassifier({ size: 'large', embedder, seed }),
    small: (seed) => createLocalClassifier({ size: 'small', embedder, seed }),
    'zero-shot': () => createZeroShotClassifier({ policy: POLICY, embedder }),
  };
  for (const [name, make] of Object.entries(makers)) {
    const figures: number[] = [];
    let base = 0;
    for (const seed of [1, 2, 3]) {
      const picked = createRng(`stop-clickbait-${seed}`).sample(items.length, 4400);
      const train: Example[] = Array.from(picked.subarray(0, 400), (row) => ({
        text: items[row]!.text,
        label: gold.get(items[row]!.id) as 0 | 1,
      }));
      const testTexts = Array.from(picked.subarray(400), (row) => items[row]!.text);
      const truth = Array.from(picked.subarray(400), (row) => gold.get(items[row]!.id)!);
      const model = make(seed);
      if (name === 'zero-shot') base += kappa(await model.classify(testTexts), truth) / 3;
      figures.push(kappa(await (await model.adapt(train)).classify(testTexts), truth));
    }
    const mean = figures.reduce((sum, value) => sum + value, 0) / figures.length;
    const extra = name === 'zero-shot' ? `; policy only, no examples: ${base.toFixed(3)}` : '';
    rows.push(
      `  ${name.padEnd(9)} kappa ${mean.toFixed(3)} (seeds: ${figures.map((f) => f.toFixed(3)).join(', ')})${extra}`,
    );
  }
  console.log(`Stop Clickbait, adapted on 400, held-out kappa on 4,000:\n${rows.join('\n')}`);
}

await quality();

const N = 100_000;
const texts = Array.from({ length: N }, (_, index) => items[index % items.length]!.text);
const vectors = await embedder.embed(texts);
const labels = Uint8Array.from(texts, (_, index) => gold.get(items[index % items.length]!.id)!);
const trained = {
  small: await createLocalClassifier({ size: 'small', embedder, seed: 1 }).head!.adaptEmbedded(
    vectors,
    labels,
  ),
  large: await createLocalClassifier({ size: 'large', embedder, seed: 1 }).head!.adaptEmbedded(
    vectors,
    labels,
  ),
};
/** Wall and CPU time of one call: CPU time is what the figure would be on an idle machine (other jobs share it). */
async function timed(name: string, run: () => Promise<unknown>): Promise<string> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return `  ${name.padEnd(28)} wall ${(performance.now() - wall).toFixed(0).padStart(6)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms`;
}

console.log(
  [
    'One call each, 100K headlines:',
    await timed('embed 100K (cache present)', () => embedder.embed(texts)),
    await timed('train large on 100K', () =>
      createLocalClassifier({ size: 'large', embedder, seed: 3 }).head!.adaptEmbedded(vectors, labels),
    ),
    await timed('train small on 100K', () =>
      createLocalClassifier({ size: 'small', embedder, seed: 3 }).head!.adaptEmbedded(vectors, labels),
    ),
    await timed('score 100K, large', () => trained.large.head!.classifyEmbedded(vectors)),
    await timed('score 100K, small', () => trained.small.head!.classifyEmbedded(vectors)),
  ].join('\n'),
);

const once = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 };

describe('local runners, 100K short texts (headlines)', () => {
  bench(
    'embed 100K (cache present)',
    async () => {
      await embedder.embed(texts);
    },
    once,
  );
  bench(
    'train large on 100K',
    async () => {
      await createLocalClassifier({ size: 'large', embedder, seed: 2 }).head!.adaptEmbedded(vectors, labels);
    },
    { ...once, iterations: 1, warmupIterations: 0 },
  );
  bench(
    'train small on 100K',
    async () => {
      await createLocalClassifier({ size: 'small', embedder, seed: 2 }).head!.adaptEmbedded(vectors, labels);
    },
    { ...once, iterations: 1, warmupIterations: 0 },
  );
  bench(
    'score 100K, large',
    async () => {
      await trained.large.head!.classifyEmbedded(vectors);
    },
    once,
  );
  bench(
    'score 100K, small',
    async () => {
      await trained.small.head!.classifyEmbedded(vectors);
    },
    once,
  );
});
