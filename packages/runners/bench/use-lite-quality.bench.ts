/**
 * Quality of USE-lite against the GloVe default (printed once; vitest bench has nothing to time here).
 *
 * ConvAbuse (the dataset's own train/dev/test split in `meta.split`; expert majority, ties dropped): each local
 * classifier adapted on 400 train items drawn with a fixed seed, Cohen's kappa on the whole test split (threshold
 * 0.5). The LLM-0 stand-in (zero-shot) on the same test split, given the dataset's task text alone, plus 3
 * positive and 3 negative train examples (seeded), and plus 10 + 10: AUC and kappa.
 * Stop Clickbait: adapted on 400 headlines, kappa on 4,000 others, three seeds (as bench/local.bench.ts).
 * Embeddings go through the content cache (withEmbeddingCache), so a second run embeds nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, type Example } from '@borderline/core';
import { bench, describe } from 'vitest';
import type { Embedder } from '../src/contracts';
import { createLocalClassifier } from '../src/local/local-classifier';
import { createLocalEmbedder } from '../src/local/local-embedder';
import { createZeroShotClassifier } from '../src/local/zero-shot-classifier';
import { withEmbeddingCache } from '../src/use-lite/embedding-cache';
import { createUseLiteEmbedder } from '../src/use-lite/use-lite-embedder';

const root = process.env.BORDERLINE_DATA_PATH ?? '../../../shared/datasets';
const readJsonl = <T>(file: string): T[] =>
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

/** Cohen's kappa of scores thresholded at 0.5 against 0/1 truth. */
function kappa(scores: Float64Array, truth: Uint8Array): number {
  let agree = 0;
  let predicted = 0;
  let actual = 0;
  for (let index = 0; index < truth.length; index++) {
    const label = scores[index]! >= 0.5 ? 1 : 0;
    if (label === truth[index]) agree++;
    predicted += label;
    actual += truth[index]!;
  }
  const n = truth.length;
  const p = predicted / n;
  const q = actual / n;
  const expected = p * q + (1 - p) * (1 - q);
  return expected === 1 ? 1 : (agree / n - expected) / (1 - expected);
}

/** ROC AUC: the share of (positive, negative) pairs ranked right, ties counting half (rank-sum form). */
function auc(scores: Float64Array, truth: Uint8Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let at = start; at <= end; at++) {
      if (truth[order[at]!] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface Split {
  readonly texts: string[];
  readonly labels: Uint8Array;
}

function convAbuse(): { task: string; train: Split; test: Split } {
  const manifest = JSON.parse(readFileSync(join(root, 'convabuse', 'dataset.json'), 'utf8')) as {
    task: string;
  };
  const items = readJsonl<{ id: string; text: string; meta: { split: string } }>('convabuse/items.jsonl');
  const votes = new Map<string, number>();
  for (const label of readJsonl<{ item: string; role: string; label: string }>('convabuse/labels.jsonl')) {
    if (label.role !== 'expert') continue;
    votes.set(label.item, (votes.get(label.item) ?? 0) + (label.label === 'abusive' ? 1 : -1));
  }
  const split = (name: string): Split => {
    const kept = items.filter((item) => item.meta.split === name && (votes.get(item.id) ?? 0) !== 0);
    return {
      texts: kept.map((item) => item.text),
      labels: Uint8Array.from(kept, (item) => (votes.get(item.id)! > 0 ? 1 : 0)),
    };
  };
  return { task: manifest.task, train: split('train'), test: split('test') };
}

function examplesOf(split: Split, rows: Iterable<number>): Example[] {
  return Array.from(rows, (row) => ({ text: split.texts[row]!, label: split.labels[row] as 0 | 1 }));
}

/** `count` positives and `count` negatives of the train split, seeded. */
function fewShot(split: Split, count: number, seed: string): Example[] {
  const byClass = (label: number) =>
    Array.from(split.labels.keys()).filter((row) => split.labels[row] === label);
  const pick = (rows: number[], tag: string) =>
    Array.from(createRng(`${seed}:${tag}`).sample(rows.length, count), (index) => rows[index]!);
  return examplesOf(split, [...pick(byClass(1), 'positive'), ...pick(byClass(0), 'negative')]);
}

/**
 * A diagnostic: the local classifiers weigh each class half, so their P(positive) assumes balanced classes. Shifting
 * the logit by the training set's log odds of a positive (known when adapting, nothing from the test split) gives
 * the probability under the training prior.
 */
function priorCorrected(scores: Float64Array, examples: readonly Example[]): Float64Array {
  const positives = examples.filter((example) => example.label === 1).length;
  const shift = Math.log(positives / (examples.length - positives));
  return scores.map((p) => 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + shift))));
}

async function convAbuseFigures(name: string, embedder: Embedder): Promise<string[]> {
  const { task, train, test } = convAbuse();
  const picked = createRng('convabuse-train-400').sample(train.texts.length, 400);
  const adaptOn = examplesOf(train, picked);
  const lines: string[] = [];
  for (const size of ['large', 'small'] as const) {
    const model = await createLocalClassifier({ size, embedder, seed: 1 }).adapt(adaptOn);
    const scores = await model.classify(test.texts);
    const flagged = scores.reduce((sum, p) => sum + (p >= 0.5 ? 1 : 0), 0) / scores.length;
    // The same model on four more draws of 400 train items, for the spread.
    const others: number[] = [];
    for (const draw of [2, 3, 4, 5]) {
      const rows = createRng(`convabuse-train-400-${draw}`).sample(train.texts.length, 400);
      const other = await createLocalClassifier({ size, embedder, seed: draw }).adapt(
        examplesOf(train, rows),
      );
      others.push(kappa(await other.classify(test.texts), test.labels));
    }
    lines.push(
      `  ${name} ${size}: test kappa ${kappa(scores, test.labels).toFixed(3)}, AUC ${auc(scores, test.labels).toFixed(3)}` +
        ` (${(100 * flagged).toFixed(0)} % flagged); other draws ${others.map((k) => k.toFixed(3)).join(', ')};` +
        ` prior-corrected ${kappa(priorCorrected(scores, adaptOn), test.labels).toFixed(3)}`,
    );
  }
  for (const count of [0, 3, 10]) {
    const examples = count === 0 ? [] : fewShot(train, count, 'convabuse-few-shot');
    const scores = await createZeroShotClassifier({ policy: task, examples, embedder }).classify(test.texts);
    const flagged = scores.reduce((sum, p) => sum + (p >= 0.5 ? 1 : 0), 0) / scores.length;
    lines.push(
      `  ${name} zero-shot, task${count === 0 ? ' alone' : ` + ${count}+${count}`}: AUC ${auc(scores, test.labels).toFixed(3)},` +
        ` kappa ${kappa(scores, test.labels).toFixed(3)} (${(100 * flagged).toFixed(0)} % flagged)`,
    );
  }
  return lines;
}

async function clickbaitFigures(name: string, embedder: Embedder): Promise<string[]> {
  const items = readJsonl<{ id: string; text: string }>('stop-clickbait/items.jsonl');
  const gold = new Map(
    readJsonl<{ item: string; role: string; label: string }>('stop-clickbait/labels.jsonl')
      .filter((label) => label.role === 'gold')
      .map((label) => [label.item, label.label === 'clickbait' ? 1 : 0] as const),
  );
  const lines: string[] = [];
  for (const size of ['large', 'small'] as const) {
    const figures: number[] = [];
    for (const seed of [1, 2, 3]) {
      const picked = createRng(`stop-clickbait-${seed}`).sample(items.length, 4400);
      const train = Array.from(picked.subarray(0, 400), (row) => ({
        text: items[row]!.text,
        label: gold.get(items[row]!.id) as 0 | 1,
      }));
      const test = Array.from(picked.subarray(400), (row) => items[row]!);
      const truth = Uint8Array.from(test, (item) => gold.get(item.id)!);
      const model = await createLocalClassifier({ size, embedder, seed }).adapt(train);
      figures.push(kappa(await model.classify(test.map((item) => item.text)), truth));
    }
    const mean = figures.reduce((sum, value) => sum + value, 0) / figures.length;
    lines.push(
      `  ${name} ${size}: kappa ${mean.toFixed(3)} (seeds ${figures.map((f) => f.toFixed(3)).join(', ')})`,
    );
  }
  return lines;
}

const embedders: Record<string, Embedder> = {
  glove: createLocalEmbedder(),
  'use-lite': withEmbeddingCache(createUseLiteEmbedder()),
};
const convabuse: string[] = [];
const clickbait: string[] = [];
for (const [name, embedder] of Object.entries(embedders)) {
  convabuse.push(...(await convAbuseFigures(name, embedder)));
  clickbait.push(...(await clickbaitFigures(name, embedder)));
}
console.log(
  [
    'ConvAbuse, adapted on 400 train items (seeded), kappa / AUC on the whole test split (811 items with a majority):',
    ...convabuse,
    'Stop Clickbait, adapted on 400 headlines, kappa on 4,000 others:',
    ...clickbait,
  ].join('\n'),
);

describe('use-lite quality (figures above)', () => {
  bench('noop', () => {}, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
