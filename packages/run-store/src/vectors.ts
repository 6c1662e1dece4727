import { BorderlineError } from '@borderline/core';
import { blobValue } from '@duckdb/node-api';
import { type Database, numberOf, type Row } from './database';

// Vectors are stored as little-endian typed-array bytes, one row per committed chunk.

function bytesOf(view: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function copyBytes(value: unknown): Uint8Array {
  const bytes = (value as { bytes?: Uint8Array }).bytes;
  if (!(bytes instanceof Uint8Array)) {
    throw new BorderlineError({ code: 'internal', message: 'run store: a vector chunk is not a BLOB' });
  }
  // A copy: the driver's buffer may be unaligned for a typed-array view.
  return new Uint8Array(bytes);
}

/** Writes a chunk of P(positive) scores. */
export async function writePredictions(db: Database, version: number, start: number, scores: Float64Array) {
  await db.run('INSERT INTO predictions VALUES ($1, $2, $3, $4)', [
    version,
    start,
    scores.length,
    blobValue(bytesOf(scores)),
  ]);
}

/** How many leading rows are covered by contiguous chunks starting at 0. */
function contiguousCount(rows: readonly Row[]): number {
  let covered = 0;
  for (const row of rows) {
    if (numberOf(row.start ?? null) !== covered) break;
    covered += numberOf(row.count ?? null);
  }
  return covered;
}

/** Rows with predictions under the version, counted from item 0 without gaps. */
export async function predictedCount(db: Database, version: number): Promise<number> {
  const rows = await db.rows('SELECT start, count FROM predictions WHERE model_version = $1 ORDER BY start', [
    version,
  ]);
  return contiguousCount(rows);
}

/** A version's scores for `count` items, NaN where missing. */
export async function readPredictions(db: Database, version: number, count: number): Promise<Float64Array> {
  const out = new Float64Array(count).fill(Number.NaN);
  const rows = await db.rows(
    'SELECT start, count, scores FROM predictions WHERE model_version = $1 ORDER BY start',
    [version],
  );
  for (const row of rows) {
    const start = numberOf(row.start ?? null);
    const chunk = new Float64Array(copyBytes(row.scores).buffer);
    out.set(chunk.subarray(0, Math.max(0, Math.min(chunk.length, count - start))), start);
  }
  return out;
}

/** Writes a chunk of embedding rows. */
export async function writeEmbeddings(
  db: Database,
  embedder: string,
  start: number,
  dimensions: number,
  rows: Float32Array,
) {
  if (dimensions <= 0 || rows.length % dimensions !== 0) {
    throw new BorderlineError({
      code: 'internal',
      message: `run store: ${rows.length} values is not a whole number of ${dimensions}-wide rows`,
    });
  }
  await db.run('INSERT INTO embeddings VALUES ($1, $2, $3, $4, $5)', [
    embedder,
    start,
    rows.length / dimensions,
    dimensions,
    blobValue(bytesOf(rows)),
  ]);
}

/** Rows embedded by the embedder, counted from item 0 without gaps. */
export async function embeddedCount(db: Database, embedder: string): Promise<number> {
  const rows = await db.rows('SELECT start, count FROM embeddings WHERE embedder = $1 ORDER BY start', [
    embedder,
  ]);
  return contiguousCount(rows);
}

/** The full `count` x `dimensions` matrix; refuses a gap or a width mismatch. */
export async function readEmbeddings(
  db: Database,
  embedder: string,
  count: number,
  dimensions: number,
): Promise<Float32Array> {
  const out = new Float32Array(count * dimensions);
  const rows = await db.rows(
    'SELECT start, count, dimensions, vectors FROM embeddings WHERE embedder = $1 ORDER BY start',
    [embedder],
  );
  let covered = 0;
  for (const row of rows) {
    const start = numberOf(row.start ?? null);
    if (start !== covered || numberOf(row.dimensions ?? null) !== dimensions) break;
    const chunk = new Float32Array(copyBytes(row.vectors).buffer);
    out.set(chunk, start * dimensions);
    covered += numberOf(row.count ?? null);
  }
  if (covered < count) {
    throw new BorderlineError({
      code: 'run-state',
      message: `run store: embeddings of "${embedder}" cover ${covered} of ${count} items; run prelabel again`,
    });
  }
  return out;
}
