import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A synthetic ads pool written as JSONL shards, one shard in memory at a time: seeded word salads over a small
// vocabulary, about 1 in 50 carrying the policy's words (the production pools are under 1% positive).

const BENIGN = [
  'garden',
  'tools',
  'shoes',
  'quality',
  'sale',
  'delivery',
  'fresh',
  'coffee',
  'local',
  'bakery',
  'repair',
  'bikes',
  'books',
  'used',
  'cars',
  'rent',
  'flat',
  'city',
  'centre',
  'lessons',
  'piano',
  'yoga',
  'classes',
  'discount',
  'family',
  'holiday',
  'hotel',
  'beach',
  'tickets',
  'concert',
  'phone',
  'cases',
  'kitchen',
];
const VIOLATING = [
  'miracle',
  'cure',
  'guaranteed',
  'weight',
  'loss',
  'overnight',
  'doctors',
  'hate',
  'secret',
];

/** The policy the pool's LLM-0 reads. */
export const SYNTHETIC_TASK = 'ads promising miracle cures or guaranteed overnight weight loss';

function text(index: number): string {
  let state = (index + 1) * 2654435761;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  const violating = next() % 50 === 0;
  const words: string[] = [];
  const length = 6 + (next() % 6);
  for (let at = 0; at < length; at++) {
    const fromPolicy = violating ? next() % 2 === 0 : next() % 40 === 0;
    const list = fromPolicy ? VIOLATING : BENIGN;
    words.push(list[next() % list.length]!);
  }
  return words.join(' ');
}

/** Writes `dataset.json` and `items/NNNNN.jsonl` (`rowsPerShard` items each) for `count` items; returns the folder. */
export function writeSyntheticPool(dir: string, count: number, rowsPerShard: number): string {
  mkdirSync(join(dir, 'items'), { recursive: true });
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({
      name: 'synthetic-ads',
      task: SYNTHETIC_TASK,
      labels: ['benign', 'violating'],
      positive: 'violating',
    }),
  );
  for (let start = 0, shard = 0; start < count; start += rowsPerShard, shard++) {
    const end = Math.min(count, start + rowsPerShard);
    const lines = new Array<string>(end - start);
    for (let index = start; index < end; index++) {
      lines[index - start] = JSON.stringify({ id: `ad-${index}`, text: text(index) });
    }
    writeFileSync(join(dir, 'items', `${String(shard).padStart(5, '0')}.jsonl`), `${lines.join('\n')}\n`);
  }
  return dir;
}
