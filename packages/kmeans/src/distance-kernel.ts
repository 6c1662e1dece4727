/**
 * The distance kernel every clustering step runs on: nearest centre per point through the expansion
 * |x - c|^2 = |x|^2 - 2 x.c + |c|^2, in 4 x 4 register blocks (four points against four centres share each load),
 * so the inner loop does 16 multiply-adds per 8 loads instead of 1 per 2.
 */

/** Squared Euclidean norm of every row of a row-major matrix. */
export function squaredNorms(matrix: Float32Array, rows: number, dimensions: number): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const offset = row * dimensions;
    let sum = 0;
    for (let j = 0; j < dimensions; j++) {
      const value = matrix[offset + j]!;
      sum += value * value;
    }
    out[row] = sum;
  }
  return out;
}

/** Where the nearest-centre pass writes: one entry per point. */
export interface NearestOutput {
  readonly assignments: Int32Array;
  /** Squared distance to the nearest centre, clamped at 0 (the expansion can round below it). */
  readonly distances: Float64Array;
}

/** A row range of points and the centres to compare them with. */
export interface NearestTask {
  readonly points: Float32Array;
  readonly pointNorms: Float64Array;
  readonly dimensions: number;
  readonly centres: Float32Array;
  readonly centreNorms: Float64Array;
  readonly centreCount: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Writes each point's nearest centre and squared distance for rows [start, end) and returns the sum of those
 * distances. Ties go to the lower centre index, so results do not depend on blocking.
 */
export function assignNearest(task: NearestTask, output: NearestOutput): number {
  const { start, end } = task;
  const { assignments, distances } = output;
  for (let row = start; row < end; row++) {
    distances[row] = Number.POSITIVE_INFINITY;
    assignments[row] = 0;
  }
  const blockEnd = start + ((end - start) & ~3);
  const dots = new Float64Array(16);
  for (let row = start; row < blockEnd; row += 4) nearestForFour(task, row, output, dots);
  for (let row = blockEnd; row < end; row++) nearestForOne(task, row, output);
  let sum = 0;
  for (let row = start; row < end; row++) {
    const distance = distances[row]! + task.pointNorms[row]!;
    const clamped = Math.max(distance, 0);
    distances[row] = clamped;
    sum += clamped;
  }
  return sum;
}

/** Keeps |c|^2 - 2 x.c (the point's own norm is added once at the end). */
function offer(output: NearestOutput, row: number, centre: number, partial: number): void {
  if (partial < output.distances[row]!) {
    output.distances[row] = partial;
    output.assignments[row] = centre;
  }
}

function nearestForFour(task: NearestTask, row: number, output: NearestOutput, dots: Float64Array): void {
  const { centreNorms, centreCount } = task;
  const centreBlockEnd = centreCount & ~3;
  for (let centre = 0; centre < centreBlockEnd; centre += 4) {
    dotsFour(task, row, centre, dots);
    const n0 = centreNorms[centre]!;
    const n1 = centreNorms[centre + 1]!;
    const n2 = centreNorms[centre + 2]!;
    const n3 = centreNorms[centre + 3]!;
    for (let point = 0; point < 4; point++) {
      const at = point * 4;
      offerFour(
        output,
        row + point,
        centre,
        n0 - 2 * dots[at]!,
        n1 - 2 * dots[at + 1]!,
        n2 - 2 * dots[at + 2]!,
        n3 - 2 * dots[at + 3]!,
      );
    }
  }
  for (let centre = centreBlockEnd; centre < centreCount; centre++) {
    fourByOne(task, row, centre, output, undefined);
  }
}

/**
 * The 16 dot products of four points (rows `row`..`row + 3`) with four centres (`centre`..`centre + 3`), written
 * point-major into `dots`: the register block both passes share, 16 multiply-adds per 8 loads.
 */
function dotsFour(task: NearestTask, row: number, centre: number, dots: Float64Array): void {
  const { points, dimensions, centres } = task;
  const a = row * dimensions;
  const b = a + dimensions;
  const c = b + dimensions;
  const e = c + dimensions;
  const p = centre * dimensions;
  const q = p + dimensions;
  const r = q + dimensions;
  const s = r + dimensions;
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0;
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0,
    e0 = 0,
    e1 = 0,
    e2 = 0,
    e3 = 0;
  for (let j = 0; j < dimensions; j++) {
    const xa = points[a + j]!;
    const xb = points[b + j]!;
    const xc = points[c + j]!;
    const xe = points[e + j]!;
    const y0 = centres[p + j]!;
    const y1 = centres[q + j]!;
    const y2 = centres[r + j]!;
    const y3 = centres[s + j]!;
    a0 += xa * y0;
    a1 += xa * y1;
    a2 += xa * y2;
    a3 += xa * y3;
    b0 += xb * y0;
    b1 += xb * y1;
    b2 += xb * y2;
    b3 += xb * y3;
    c0 += xc * y0;
    c1 += xc * y1;
    c2 += xc * y2;
    c3 += xc * y3;
    e0 += xe * y0;
    e1 += xe * y1;
    e2 += xe * y2;
    e3 += xe * y3;
  }
  dots[0] = a0;
  dots[1] = a1;
  dots[2] = a2;
  dots[3] = a3;
  dots[4] = b0;
  dots[5] = b1;
  dots[6] = b2;
  dots[7] = b3;
  dots[8] = c0;
  dots[9] = c1;
  dots[10] = c2;
  dots[11] = c3;
  dots[12] = e0;
  dots[13] = e1;
  dots[14] = e2;
  dots[15] = e3;
}

function offerFour(
  output: NearestOutput,
  row: number,
  centre: number,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
): void {
  offer(output, row, centre, d0);
  offer(output, row, centre + 1, d1);
  offer(output, row, centre + 2, d2);
  offer(output, row, centre + 3, d3);
}

function nearestForOne(task: NearestTask, row: number, output: NearestOutput): void {
  for (let centre = 0; centre < task.centreCount; centre++) {
    offer(output, row, centre, partialDistance(task, row, centre));
  }
}

function partialDistance(task: NearestTask, row: number, centre: number): number {
  const { points, dimensions, centres, centreNorms } = task;
  const a = row * dimensions;
  const p = centre * dimensions;
  let dot = 0;
  for (let j = 0; j < dimensions; j++) dot += points[a + j]! * centres[p + j]!;
  return centreNorms[centre]! - 2 * dot;
}

/** Exact squared distance between row `i` of `left` and row `j` of `right` (no expansion, no rounding below 0). */
export function squaredDistance(
  left: Float32Array,
  i: number,
  right: Float32Array,
  j: number,
  dimensions: number,
): number {
  const a = i * dimensions;
  const b = j * dimensions;
  let sum = 0;
  for (let index = 0; index < dimensions; index++) {
    const delta = left[a + index]! - right[b + index]!;
    sum += delta * delta;
  }
  return sum;
}

/**
 * Squared distances between rows [start, end) of `points` and every centre, written row-major into `out`
 * ((end - start) x centreCount), through the same 4 x 4 blocked expansion as {@link assignNearest}, clamped at 0.
 */
export function crossDistances(task: NearestTask, out: Float64Array): void {
  const { start, end, centreCount } = task;
  const blockEnd = start + ((end - start) & ~3);
  const centreBlockEnd = centreCount & ~3;
  const dots = new Float64Array(16);
  for (let row = start; row < blockEnd; row += 4) {
    for (let centre = 0; centre < centreBlockEnd; centre += 4) crossFour(task, row, centre, out, dots);
    for (let centre = centreBlockEnd; centre < task.centreCount; centre++)
      fourByOne(task, row, centre, undefined, out);
  }
  for (let row = blockEnd; row < end; row++) crossTail(task, row, 0, out);
}

/**
 * Four points against one centre (the tail when the centre count is not a multiple of 4): 4 multiply-adds per
 * 5 loads instead of 1 per 2. Writes the nearest-centre offer or, with `out`, the clamped distances.
 */
function fourByOne(
  task: NearestTask,
  row: number,
  centre: number,
  output: NearestOutput | undefined,
  out: Float64Array | undefined,
): void {
  const { points, dimensions, centres, centreNorms, pointNorms } = task;
  const a = row * dimensions;
  const b = a + dimensions;
  const c = b + dimensions;
  const e = c + dimensions;
  const p = centre * dimensions;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let j = 0; j < dimensions; j++) {
    const y = centres[p + j]!;
    s0 += points[a + j]! * y;
    s1 += points[b + j]! * y;
    s2 += points[c + j]! * y;
    s3 += points[e + j]! * y;
  }
  const norm = centreNorms[centre]!;
  if (output !== undefined) {
    offer(output, row, centre, norm - 2 * s0);
    offer(output, row + 1, centre, norm - 2 * s1);
    offer(output, row + 2, centre, norm - 2 * s2);
    offer(output, row + 3, centre, norm - 2 * s3);
  } else if (out !== undefined) {
    const base = (row - task.start) * task.centreCount + centre;
    out[base] = Math.max(pointNorms[row]! + norm - 2 * s0, 0);
    out[base + task.centreCount] = Math.max(pointNorms[row + 1]! + norm - 2 * s1, 0);
    out[base + 2 * task.centreCount] = Math.max(pointNorms[row + 2]! + norm - 2 * s2, 0);
    out[base + 3 * task.centreCount] = Math.max(pointNorms[row + 3]! + norm - 2 * s3, 0);
  }
}

function crossTail(task: NearestTask, row: number, fromCentre: number, out: Float64Array): void {
  const base = (row - task.start) * task.centreCount;
  const norm = task.pointNorms[row]!;
  for (let centre = fromCentre; centre < task.centreCount; centre++) {
    const value = norm + partialDistance(task, row, centre);
    out[base + centre] = Math.max(value, 0);
  }
}

function crossFour(
  task: NearestTask,
  row: number,
  centre: number,
  out: Float64Array,
  dots: Float64Array,
): void {
  const { centreNorms, centreCount, pointNorms } = task;
  dotsFour(task, row, centre, dots);
  const n0 = centreNorms[centre]!;
  const n1 = centreNorms[centre + 1]!;
  const n2 = centreNorms[centre + 2]!;
  const n3 = centreNorms[centre + 3]!;
  const base = (row - task.start) * centreCount + centre;
  for (let point = 0; point < 4; point++) {
    const at = point * 4;
    writeFour(
      out,
      base + point * centreCount,
      pointNorms[row + point]!,
      n0 - 2 * dots[at]!,
      n1 - 2 * dots[at + 1]!,
      n2 - 2 * dots[at + 2]!,
      n3 - 2 * dots[at + 3]!,
    );
  }
}

function writeFour(
  out: Float64Array,
  at: number,
  norm: number,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
): void {
  const v0 = norm + d0;
  const v1 = norm + d1;
  const v2 = norm + d2;
  const v3 = norm + d3;
  out[at] = Math.max(v0, 0);
  out[at + 1] = Math.max(v1, 0);
  out[at + 2] = Math.max(v2, 0);
  out[at + 3] = Math.max(v3, 0);
}

/**
 * Work sharing for one pass: each thread claims the next `chunk` rows from `state[0]` (an atomic cursor) until
 * none are left, so a thread the scheduler starves simply does less (no waiting on a straggler). `state[1]`
 * counts finished chunks; `state[2]` is set to 1 on failure. Lives here so it runs in workers too.
 */
export function runChunks(
  kind: 'nearest' | 'cross',
  task: NearestTask,
  output: NearestOutput | Float64Array,
  state: Int32Array,
  chunk: number,
): void {
  for (;;) {
    const start = task.start + Atomics.add(state, 0, chunk);
    if (start >= task.end) return;
    const part = { ...task, start, end: Math.min(task.end, start + chunk) };
    try {
      if (kind === 'nearest') assignNearest(part, output as NearestOutput);
      else crossDistances(part, (output as Float64Array).subarray((start - task.start) * task.centreCount));
    } catch {
      Atomics.store(state, 2, 1);
    }
    Atomics.add(state, 1, 1);
    Atomics.notify(state, 1);
  }
}

/**
 * The kernel's functions, in dependency order, for the worker threads: they are self-contained (no imports, no
 * closures), so their source text runs unchanged in a worker whether this package runs from TypeScript source
 * (tests) or from dist.
 */
export const KERNEL_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  runChunks,
  assignNearest,
  offer,
  nearestForFour,
  dotsFour,
  offerFour,
  fourByOne,
  nearestForOne,
  partialDistance,
  crossDistances,
  crossTail,
  crossFour,
  writeFour,
];
