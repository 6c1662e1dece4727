import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, testEnv } from './helpers';

/** An item whose text would run script if it were ever parsed as HTML. */
export const SCRIPT_TEXT =
  'Great deal <script>window.__reviewPwned = 1</script><img src="x" onerror="window.__reviewPwned = 2"> today only';

const SUBJECTS = [
  'solar panels',
  'kitchen design',
  'car insurance',
  'running shoes',
  'coffee beans',
  'yoga mats',
];
const BAIT = [
  "You won't believe what {s} can do",
  'This one weird trick about {s} doctors hate',
  'What happens next with {s} will shock you',
  'The secret of {s} nobody tells you',
];
const PLAIN = [
  'Quality {s} from $70. Visit the showroom.',
  'Compare {s} prices near you',
  '{s}: free delivery over $50',
];

/**
 * Writes a small dataset folder of ad-like items (bait and plain), with context fields and guidelines, and
 * `extra` items first (e.g. the `<script>` one).
 */
export function writeAdsDataset(dir: string, count: number, extra: readonly string[] = []): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({
      name: 'review-ads',
      task: 'Is this ad clickbait (it teases or withholds what it offers to bait a click)?',
      labels: ['benign', 'clickbait'],
      positive: 'clickbait',
      guidelines: [
        'Clickbait teases or withholds what the ad offers: sensational teasers, secrets, withheld reveals.',
        'An ad that says plainly what it sells is benign, however loud.',
      ],
    }),
  );
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const text =
      index < extra.length
        ? (extra[index] ?? '')
        : (index % 2 === 0 ? BAIT : PLAIN)[index % (index % 2 === 0 ? BAIT.length : PLAIN.length)]?.replace(
            '{s}',
            `${SUBJECTS[index % SUBJECTS.length]} ${index}`,
          );
    lines.push(
      JSON.stringify({
        id: `ad-${String(index).padStart(4, '0')}`,
        text,
        meta: { advertiser: `shop ${index % 7}`, market: 'en-GB' },
      }),
    );
  }
  writeFileSync(join(dir, 'items.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

/** Makes a run with a pending batch through the CLI itself (init, prelabel, select), in-process. */
export async function makeReviewRun(cwd: string, run: string, init: readonly string[]): Promise<void> {
  const env = testEnv();
  for (const argv of [
    ['init', run, ...init, '--seed', '5'],
    ['prelabel', run, '--quiet'],
    ['select', run, '--quiet'],
  ]) {
    const result = await cli(argv, { cwd, env });
    if (result.code !== 0) throw new Error(`borderline ${argv.join(' ')} failed:\n${result.stderr}`);
  }
}

/** The run's expert labels as `export --labels` writes them: `expert|item -> label`. */
export async function exportedExpertLabels(cwd: string, run: string): Promise<Map<string, string>> {
  const file = join(cwd, `labels-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const result = await cli(['export', run, '--labels', file, '--quiet'], { cwd, env: testEnv() });
  if (result.code !== 0) throw new Error(`borderline export failed:\n${result.stderr}`);
  const labels = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const label = JSON.parse(line) as { item: string; annotator: string; role: string; label: string };
    if (label.role === 'expert') labels.set(`${label.annotator}|${label.item}`, label.label);
  }
  return labels;
}
