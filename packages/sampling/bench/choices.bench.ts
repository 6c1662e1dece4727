import { bench, describe } from 'vitest';
import { tiltedPool, twoDWorld } from '../src/__fixtures__/worlds';
import { COVERAGE_MEASURES } from '../src/coverage';
import { createPolicy } from '../src/create-policy';
import { OVERLAP_TESTS } from '../src/overlap';
import type { Selection } from '../src/policy';
import { selectBoundaryPairs } from '../src/select-boundary-pairs';

/**
 * Compares the overlap tests and area measures (and the baselines) where the true boundary is known:
 * - near: mean |distance| of selected items to the TRUE boundary (lower = more informative);
 * - straddle: share of boundary pairs whose positive item is truly positive and negative item truly negative;
 * - spread: 2-D, twentieths of the boundary's x range holding a selected item within 0.1 of the true boundary;
 *   100-D, blobs (of 64) holding a selected item within 1 of the true boundary;
 * - fill: items selected / budget; ms: mean wall time per selection.
 * Averaged over 5 seeds; figures go to the package README.
 */
interface Row {
  near: number;
  straddle: number;
  spread: number;
  fill: number;
  ms: number;
}

const rows = new Map<string, Row[]>();
const seeds = [1, 2, 3, 4, 5];

function record(key: string, row: Row): void {
  const list = rows.get(key) ?? [];
  list.push(row);
  rows.set(key, list);
}

function measure(
  selection: Selection,
  truth: Float64Array,
  spreadOf: (items: Int32Array) => number,
  budget: number,
  ms: number,
): Row {
  let near = 0;
  for (const item of selection.items) near += Math.abs(truth[item]!);
  const items = selection.items;
  let straddle = 0;
  for (const pair of selection.pairs ?? [])
    if (truth[pair.positive]! > 0 && truth[pair.negative]! <= 0) straddle++;
  const pairs = selection.pairs?.length ?? 0;
  return {
    near: near / Math.max(1, items.length),
    straddle: pairs > 0 ? straddle / pairs : Number.NaN,
    spread: spreadOf(items),
    fill: items.length / budget,
    ms,
  };
}

type Variant = { key: string; run: (input: Parameters<typeof selectBoundaryPairs>[0]) => Promise<Selection> };
const variants: Variant[] = [
  ...OVERLAP_TESTS.flatMap((overlap) =>
    COVERAGE_MEASURES.map((coverage) => ({
      key: `boundary-pairs ${overlap} + ${coverage}`,
      run: (input: Parameters<typeof selectBoundaryPairs>[0]) =>
        selectBoundaryPairs({ ...input, overlap, coverage }),
    })),
  ),
  ...(['random', 'uncertainty', 'k-center'] as const).map((name) => ({ key: name, run: createPolicy(name) })),
];

async function twoD(noise: number): Promise<void> {
  for (const seed of seeds) {
    const world = twoDWorld(5000, noise, seed, 60);
    const xs = world.input.embeddings;
    // Tenths of the boundary's x range holding a selected item within 0.1 of the true boundary.
    const spread = (items: Int32Array): number => {
      const bins = new Set<number>();
      for (const item of items)
        if (Math.abs(world.signed[item]!) < 0.1) bins.add(Math.min(19, Math.floor((xs[2 * item]! + 1) * 10)));
      return bins.size;
    };
    for (const variant of variants) {
      const start = performance.now();
      const selection = await variant.run(world.input);
      record(
        `2-D noise ${noise} | ${variant.key}`,
        measure(selection, world.signed, spread, 60, performance.now() - start),
      );
    }
  }
}

async function highD(tilt: number): Promise<void> {
  for (const seed of seeds) {
    const pool = tiltedPool(20_000, 100, tilt, seed, 200);
    const spread = (items: Int32Array): number =>
      new Set([...items].filter((item) => Math.abs(pool.truth[item]!) < 1).map((item) => pool.blob[item]!))
        .size;
    for (const variant of variants) {
      const start = performance.now();
      const selection = await variant.run(pool.input);
      record(
        `100-D tilt ${tilt} | ${variant.key}`,
        measure(selection, pool.truth, spread, 200, performance.now() - start),
      );
    }
  }
}

describe('overlap tests x area measures, against baselines (figures printed)', () => {
  let done = false;
  bench(
    '2-D and 100-D worlds, 5 seeds',
    async () => {
      if (done) return;
      done = true;
      for (const noise of [0, 0.1]) await twoD(noise);
      for (const tilt of [0, 0.3]) await highD(tilt);
      report();
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});

function report(): void {
  const lines = [
    '| world | policy | near (lower better) | straddle | spread | fill | ms |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [key, list] of rows) {
    const mean = (pick: (row: Row) => number) => list.reduce((sum, row) => sum + pick(row), 0) / list.length;
    const [world, policy] = key.split(' | ');
    lines.push(
      `| ${world} | ${policy} | ${mean((r) => r.near).toFixed(3)} | ${Number.isNaN(mean((r) => r.straddle)) ? '-' : mean((r) => r.straddle).toFixed(2)} | ${mean((r) => r.spread).toFixed(1)} | ${mean((r) => r.fill).toFixed(2)} | ${mean((r) => r.ms).toFixed(0)} |`,
    );
  }
  console.log(lines.join('\n'));
}
