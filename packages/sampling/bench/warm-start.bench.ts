import { createCrossKernel } from '@borderline/kmeans';
import { bench, describe } from 'vitest';
import { tiltedPool } from '../src/__fixtures__/worlds';
import type { Selection, SelectionInput } from '../src/policy';
import { selectBoundaryPairs } from '../src/select-boundary-pairs';
import { createSideClusterCache } from '../src/side-cluster-cache';

/**
 * Fresh against warm-started side clustering (SideClusterCache), alone and with the pair search on the
 * WebAssembly kernel (pairSearchKernel 'auto'), and sides clustered on a sample of 8,192 then assigned exactly
 * (clusterSample, fresh at every call), over a run of iterations, as the loop calls
 * selection: one pool of 100K x 128 whose vectors never change, a model whose hyperplane turns toward the true
 * one (tilt 0.4 -> 0), and the reviewed items growing by each batch (the fresh path's, so both paths see the
 * same inputs). Iteration 1 is cold for the cache (identical to fresh by construction), so times and figures
 * are over iterations 2-5. Per selection:
 * - wall and CPU ms (CPU: the process's, all threads; less inflated by other jobs on a loaded machine); near: mean |distance| of the items to the TRUE boundary (lower better); straddle: share of
 *   pairs with the positive item truly positive and the negative truly negative; spread: blobs (of 64) holding
 *   an item within 1 of the true boundary; pair: mean pair distance; nearest: share of pairs in which one item
 *   is the other's exact nearest unreviewed item of the other predicted label (over the whole pool);
 * - same: share of the fresh path's items the variant also selects. "fresh, other seed" is the fresh path with a
 *   different seed: how much two equally good selections share by chance.
 */
const n = 100_000;
const dimensions = 128;
const budget = 108;
const seeds = [1, 2, 3];
const iterations = 5;

interface Row {
  ms: number;
  cpu: number;
  near: number;
  straddle: number;
  spread: number;
  pair: number;
  nearest: number;
  same: number;
}

const rows = new Map<string, Row[]>();

function record(key: string, row: Row): void {
  rows.set(key, [...(rows.get(key) ?? []), row]);
}

/** For each of `items`: its nearest unreviewed item of the other predicted label, by a full scan. */
function nearestAcross(input: SelectionInput, items: readonly number[]): Int32Array {
  const { embeddings, predicted, reviewed } = input;
  const centres = new Float32Array(items.length * dimensions);
  items.forEach((item, index) => {
    centres.set(embeddings.subarray(item * dimensions, (item + 1) * dimensions), index * dimensions);
  });
  const kernel = createCrossKernel(dimensions);
  const best = new Float64Array(items.length).fill(Number.POSITIVE_INFINITY);
  const found = new Int32Array(items.length).fill(-1);
  const chunk = 4096;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const rows = embeddings.subarray(start * dimensions, end * dimensions);
    const { values, columns } = kernel.cross(rows, end - start, centres, items.length);
    for (let point = start; point < end; point++) {
      if (reviewed[point] !== 0) continue;
      for (let index = 0; index < items.length; index++) {
        if ((predicted[point] !== 0) === (predicted[items[index]!] !== 0)) continue;
        const value = values[(point - start) * columns + index]!;
        if (value < best[index]!) {
          best[index] = value;
          found[index] = point;
        }
      }
    }
  }
  return found;
}

function figures(
  input: SelectionInput,
  pool: ReturnType<typeof tiltedPool>,
  selection: Selection,
  reference: Selection,
  timing: Timing,
): Row {
  const pairs = selection.pairs ?? [];
  const nearest = nearestAcross(
    input,
    pairs.flatMap((pair) => [pair.positive, pair.negative]),
  );
  let near = 0;
  for (const item of selection.items) near += Math.abs(pool.truth[item]!);
  const spread = new Set(
    [...selection.items].filter((item) => Math.abs(pool.truth[item]!) < 1).map((item) => pool.blob[item]!),
  ).size;
  const chosen = new Set(reference.items);
  const mean = (values: number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    ...timing,
    near: near / Math.max(1, selection.items.length),
    straddle: mean(
      pairs.map((pair) => (pool.truth[pair.positive]! > 0 && pool.truth[pair.negative]! <= 0 ? 1 : 0)),
    ),
    spread,
    pair: mean(pairs.map((pair) => pair.distance)),
    nearest: mean(
      pairs.map((pair, index) =>
        nearest[2 * index] === pair.negative || nearest[2 * index + 1] === pair.positive ? 1 : 0,
      ),
    ),
    same:
      [...selection.items].filter((item) => chosen.has(item)).length / Math.max(1, reference.items.length),
  };
}

interface Timing {
  readonly ms: number;
  /** Process CPU time (all threads), which a loaded machine inflates less than wall time. */
  readonly cpu: number;
}

async function timed(run: () => Promise<Selection>): Promise<[Selection, Timing]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const selection = await run();
  const used = process.cpuUsage(cpu);
  return [selection, { ms: performance.now() - start, cpu: (used.user + used.system) / 1000 }];
}

async function runSeed(seed: number): Promise<void> {
  const embeddings = tiltedPool(n, dimensions, 0, seed, budget).input.embeddings;
  const reviewed = new Uint8Array(n);
  const cache = createSideClusterCache();
  const fastCache = createSideClusterCache();
  for (let iteration = 0; iteration < iterations; iteration++) {
    const tilt = 0.4 * (1 - iteration / (iterations - 1));
    const pool = tiltedPool(n, dimensions, tilt, seed, budget);
    const input = {
      ...pool.input,
      embeddings,
      reviewed: reviewed.slice(),
      seed: `${seed}:select:${iteration}`,
    };
    const [fresh, freshTime] = await timed(() => selectBoundaryPairs(input));
    const [other, otherTime] = await timed(() =>
      selectBoundaryPairs({ ...input, seed: `${input.seed}:other` }),
    );
    const [warm, warmTime] = await timed(() => selectBoundaryPairs({ ...input, clusterCache: cache }));
    const [fast, fastTime] = await timed(() =>
      selectBoundaryPairs({ ...input, clusterCache: fastCache, pairSearchKernel: 'auto' }),
    );
    const [sampled, sampledTime] = await timed(() =>
      selectBoundaryPairs({ ...input, clusterSample: 8192, pairSearchKernel: 'auto' }),
    );
    for (const item of fresh.items) reviewed[item] = 1;
    if (iteration === 0) continue;
    record('fresh (default)', figures(input, pool, fresh, fresh, freshTime));
    record('fresh, other seed', figures(input, pool, other, fresh, otherTime));
    record('warm-started (SideClusterCache, 5 rounds)', figures(input, pool, warm, fresh, warmTime));
    record("warm-started + pairSearchKernel 'auto'", figures(input, pool, fast, fresh, fastTime));
    record("clusterSample 8192 + pairSearchKernel 'auto'", figures(input, pool, sampled, fresh, sampledTime));
  }
}

describe(`boundary pairs on ${n} x ${dimensions}, budget ${budget}: fresh vs warm-started clustering`, () => {
  let done = false;
  bench(
    `${seeds.length} seeds x ${iterations} iterations (figures printed)`,
    async () => {
      if (done) return;
      done = true;
      for (const seed of seeds) await runSeed(seed);
      report();
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});

function report(): void {
  const lines = [
    '| variant | wall ms (median) | CPU ms (median) | near | straddle | spread | pair distance | nearest across | same items |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [key, list] of rows) {
    const mean = (pick: (row: Row) => number) => list.reduce((sum, row) => sum + pick(row), 0) / list.length;
    const median = (pick: (row: Row) => number) => list.map(pick).sort((a, b) => a - b)[list.length >> 1]!;
    lines.push(
      `| ${key} | ${median((r) => r.ms).toFixed(0)} | ${median((r) => r.cpu).toFixed(0)} | ${mean((r) => r.near).toFixed(3)} | ${mean((r) => r.straddle).toFixed(2)} | ${mean((r) => r.spread).toFixed(1)} | ${mean((r) => r.pair).toFixed(3)} | ${mean((r) => r.nearest).toFixed(2)} | ${mean((r) => r.same).toFixed(2)} |`,
    );
  }
  console.log(`${lines.join('\n')}\n(${rows.get('fresh (default)')?.length ?? 0} selections per variant)`);
}
