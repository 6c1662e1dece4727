import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, type Item, type Rng } from '@borderline/core';
import { writeItems } from '@borderline/ingest';

const OPENERS = ['Shop', 'Discover', 'Try', 'Get', 'Save on', 'Order', 'Find', 'Upgrade to', 'Meet', 'Book'];
const PRODUCTS = [
  'running shoes',
  'garden tools',
  'winter jackets',
  'travel insurance',
  'home loans',
  'vitamin supplements',
  'wireless earbuds',
  'yoga mats',
  'coffee makers',
  'car rentals',
  'language lessons',
  'pet food',
  'solar panels',
  'office chairs',
  'skin cream',
  'hair regrowth serum',
  'weight loss tea',
  'crypto savings',
  'phone plans',
];
const OFFERS = [
  'free delivery today',
  'twenty percent off',
  'a free trial',
  'next day shipping',
  'two for one',
  'no fees',
  'guaranteed results',
  'a miracle cure',
  'instant approval',
  'limited stock',
  'doctor approved formula',
];
const AUDIENCES = [
  'for the whole family',
  'for busy people',
  'for beginners',
  'for professionals',
  'near you',
  'online',
];

const pick = (rng: Rng, values: readonly string[]) => values[rng.int(0, values.length)] as string;

/** Ad `index` of the synthetic pool: drawn from its own seeded stream, so any shard can be made alone. */
export function syntheticAd(seed: number, index: number): Item {
  const rng = createRng(`${seed}:${index}`);
  const text = `${pick(rng, OPENERS)} ${pick(rng, PRODUCTS)} ${pick(rng, AUDIENCES)}, with ${pick(rng, OFFERS)} and ${pick(rng, OFFERS)} (#${index})`;
  return { id: `ad-${index}`, text };
}

/** The bench's label of an ad: positive for the too-good-to-be-true offers. */
export function syntheticLabel(text: string): number {
  return /guaranteed|miracle|instant approval|regrowth|weight loss|crypto/.test(text) ? 1 : 0;
}

function* shardItems(seed: number, start: number, end: number): Generator<Item> {
  for (let index = start; index < end; index++) yield syntheticAd(seed, index);
}

/**
 * Writes a sharded dataset of `count` synthetic ads, `perShard` to a Parquet file, one shard at a time (memory:
 * one shard's rows in DuckDB's appender, never the pool).
 */
export async function writeSyntheticPool(
  dir: string,
  count: number,
  perShard: number,
  seed = 1,
): Promise<void> {
  mkdirSync(join(dir, 'items'), { recursive: true });
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({
      name: `synthetic-ads-${count}`,
      task: 'ads',
      labels: ['benign', 'violating'],
      positive: 'violating',
    }),
  );
  for (let shard = 0, start = 0; start < count; shard++, start += perShard) {
    const file = join(dir, 'items', `${String(shard).padStart(5, '0')}.parquet`);
    await writeItems(file, shardItems(seed, start, Math.min(count, start + perShard)));
  }
}
