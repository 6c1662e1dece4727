#!/usr/bin/env node
// A new user's walkthrough of the CLI README's example on ConvAbuse, run in CI after the tests: every command
// of the example in a temporary directory (init, prelabel, select, import of the recorded labels, step, status,
// export, predict), plus the wrong turns a new user takes. It fails when a command exits other than expected or
// any output holds a stack trace ("    at " lines). Needs the built CLI (`pnpm build`) and BORDERLINE_DATA_PATH.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'apps', 'cli', 'dist', 'bin.js');
const dataPath = process.env.BORDERLINE_DATA_PATH;
if (!dataPath) {
  console.error('walkthrough: set BORDERLINE_DATA_PATH to the folder holding convabuse/');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'borderline-walkthrough-'));
const env = {
  ...process.env,
  BORDERLINE_CACHE_DIR: process.env.BORDERLINE_CACHE_DIR ?? join(work, 'cache'),
  NO_COLOR: '1',
};
const failures = [];
let commands = 0;

/** Runs `borderline ...args` in the work folder; checks the exit code and that no output holds a stack trace. */
function borderline(args, expected = 0) {
  commands++;
  const shown = `borderline ${args.join(' ')}`;
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: work, env, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(`$ ${shown}\n${output.replace(/^/gm, '  ').trimEnd()}\n`);
  if (result.status !== expected) failures.push(`${shown}: exit ${result.status}, expected ${expected}`);
  if (/^ {4}at /m.test(output)) failures.push(`${shown}: a stack trace in its output`);
  return result;
}

function jsonl(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

try {
  const dataset = join(dataPath.split(':')[0], 'convabuse');
  borderline(['--help']);
  borderline([
    'init',
    'runs/abuse',
    '--dataset',
    'convabuse',
    '--limit',
    '400',
    '--batch-size',
    '50',
    '--max-iterations',
    '2',
  ]);
  // Wrong turns first: each must be answered with exit 1 and words, never a stack.
  borderline(['select', 'runs/abuse'], 1);
  borderline(['init', 'runs/abuse', '--dataset', 'convabuse'], 1);
  borderline(['init', 'runs/budget', '--dataset', 'convabuse', '--budget', '50', '--batch-size', '100'], 1);
  borderline(['status', 'runs/nowhere'], 1);
  borderline(['prelabel', 'runs/abuse']);
  borderline(['select', 'runs/abuse']);
  // The experts: the dataset's recorded labels of the review batch.
  const batch = new Set(jsonl(join(work, 'runs/abuse/review/iteration-1.jsonl')).map((row) => row.item));
  const labels = jsonl(join(dataset, 'labels.jsonl')).filter(
    (label) => label.role === 'expert' && batch.has(label.item),
  );
  writeFileSync(
    join(work, 'labels-iteration-1.jsonl'),
    `${labels.map((label) => JSON.stringify(label)).join('\n')}\n`,
  );
  borderline(['import', 'runs/abuse', 'labels-iteration-1.jsonl']);
  borderline(['import', 'runs/abuse', 'labels-iteration-1.jsonl']);
  borderline(['step', 'runs/abuse']);
  borderline(['status', 'runs/abuse']);
  borderline(['status', 'runs/abuse', '--json']);
  borderline([
    'export',
    'runs/abuse',
    '--labels',
    'curated.jsonl',
    '--model',
    'model.bin',
    '--report',
    'report',
  ]);
  const items = jsonl(join(dataset, 'items.jsonl')).slice(1000, 1010);
  writeFileSync(join(work, 'new-turns.jsonl'), `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
  borderline(['predict', 'runs/abuse', 'new-turns.jsonl', '--out', 'scored.csv']);
  borderline(['predict', 'model.bin', 'new-turns.jsonl', '--json']);
  borderline(['predict', 'runs/abuse', 'no-such-file.jsonl'], 1);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(
    `\nwalkthrough: ${failures.length} problem(s) in ${commands} command(s):\n  ${failures.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`\nwalkthrough: ${commands} command(s) as expected, no stack trace`);
