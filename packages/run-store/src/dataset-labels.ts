import { join } from 'node:path';
import { BorderlineError, type DataIssue, dataError } from '@borderline/core';
import {
  conflictIssue,
  createIssueSink,
  DEFAULT_MAX_ERRORS,
  describeFound,
  LABEL_KIND,
  problemsIn,
  readRecordBatches,
} from '@borderline/ingest';
import { readShardItems, type ShardManifest, sha256File, sha256Hex } from '@borderline/shards';
import { type AppendColumn, type AppendValue, type Database, numberOf, stringOf } from './database';
import { batchIdOf, insertBatch } from './ledger';
import type { AppendResult, DatasetLabelsOptions } from './types';

// place (line or row), item, annotator, role, label, idx (the item's pool index once found)
const STAGED: readonly AppendColumn[] = ['integer', 'varchar', 'varchar', 'varchar', 'varchar', 'integer'];
const CHUNK = 10_000;

/**
 * The labels file beside a sharded dataset's shards, into the ledger (at init, on an empty ledger), with the
 * checks `loadDataset` makes of an unsharded one: each record's fields, the label set, that every item is in the
 * pool, and that no annotator labels one item twice differently (exact repeats are counted once). Streamed in
 * bounded memory: the records are staged in a table of the transaction (dropped at its end), their items found shard by shard, and the
 * repeats and conflicts found in SQL. Problems throw one `invalid-data` error naming file, line (or row) and
 * field; nothing is added then. Call inside a transaction.
 */
export async function importDatasetLabels(
  db: Database,
  manifest: ShardManifest,
  options: DatasetLabelsOptions,
): Promise<AppendResult | undefined> {
  if (manifest.labels === undefined) return undefined;
  const file = join(manifest.dir, manifest.labels);
  const [ledger] = await db.rows('SELECT count(*) AS n FROM labels');
  if (numberOf(ledger?.n ?? 0) > 0) {
    throw new BorderlineError({
      code: 'run-state',
      message: `run store: the dataset's labels go into an empty ledger (at init); this one has labels`,
    });
  }
  await db.run('DROP TABLE IF EXISTS staged_labels');
  await db.run(
    'CREATE TABLE staged_labels (place INTEGER, item VARCHAR, annotator VARCHAR, role VARCHAR, label VARCHAR, idx INTEGER)',
  );
  // On failure the caller's transaction rolls back, staging tables included (a statement after a failed one
  // would only hide its error).
  const max = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const unit = await stageLabels(db, file, options.categories, max);
  await findItems(db, manifest);
  await checkStaged(db, file, unit, max);
  const result = await appendStaged(db, options, await sha256File(file));
  await db.run('DROP TABLE staged_labels');
  return result;
}

/** Streams the file into the staging table; record and label-set problems throw once it is read. */
async function stageLabels(
  db: Database,
  file: string,
  categories: readonly string[],
  max: number,
): Promise<'line' | 'row'> {
  const known = new Set(categories);
  const expected = `one of ${categories.map((name) => JSON.stringify(name)).join(', ')}`;
  const sink = createIssueSink(max);
  let unit: 'line' | 'row' = 'line';
  for await (const batch of readRecordBatches(file, LABEL_KIND, sink)) {
    unit = batch.unit;
    const rows: AppendValue[][] = [];
    batch.records.forEach((label, at) => {
      const place = batch.places[at]!;
      if (!known.has(label.label)) {
        const where = unit === 'line' ? { line: place } : { row: place };
        sink.add({
          file,
          ...where,
          field: 'label',
          message: 'label outside the label set',
          expected,
          found: describeFound(label.label),
        });
        return;
      }
      rows.push([place, label.item, label.annotator, label.role, label.label, null]);
    });
    for (let at = 0; at < rows.length; at += CHUNK)
      await db.append('staged_labels', STAGED, rows.slice(at, at + CHUNK));
  }
  if (sink.issues.length > 0) {
    const issues = [...sink.issues].sort((a, b) => (a.line ?? a.row ?? 0) - (b.line ?? b.row ?? 0));
    throw dataError(issues, problemsIn(file, sink));
  }
  return unit;
}

/** Gives each staged label its item's pool index, one shard at a time (an item not in the pool keeps none). */
async function findItems(db: Database, manifest: ShardManifest): Promise<void> {
  const [staged] = await db.rows('SELECT count(*) AS n FROM staged_labels');
  if (numberOf(staged?.n ?? 0) === 0) return;
  await db.run('CREATE TABLE staged_shard_ids (idx INTEGER, id VARCHAR)');
  for (let shard = 0; shard < manifest.shards.length; shard++) {
    const { ids } = await readShardItems(manifest, shard);
    const start = manifest.shards[shard]!.start;
    for (let at = 0; at < ids.length; at += CHUNK) {
      const rows = ids.slice(at, at + CHUNK).map((id, offset) => [start + at + offset, id]);
      await db.append('staged_shard_ids', ['integer', 'varchar'], rows);
    }
    await db.run(
      'UPDATE staged_labels SET idx = s.idx FROM staged_shard_ids s WHERE staged_labels.item = s.id',
    );
    await db.run('DELETE FROM staged_shard_ids');
  }
  await db.run('DROP TABLE staged_shard_ids');
}

/** Labels for items outside the pool, and one annotator's two different labels of an item: problems. */
async function checkStaged(db: Database, file: string, unit: 'line' | 'row', max: number): Promise<void> {
  const where = (place: number) => (unit === 'line' ? { file, line: place } : { file, row: place });
  const issues: { place: number; issue: DataIssue }[] = [];
  const unknown = await db.rows(
    `SELECT place, item FROM staged_labels WHERE idx IS NULL ORDER BY place LIMIT ${max}`,
  );
  for (const row of unknown) {
    const place = numberOf(row.place ?? null);
    issues.push({
      place,
      issue: {
        ...where(place),
        field: 'item',
        message: 'label for an unknown item',
        expected: 'an id of the items file',
        found: describeFound(stringOf(row.item ?? null)),
      },
    });
  }
  const conflicts = await db.rows(
    `WITH first AS (
       SELECT annotator, item, min(place) AS place, arg_min(label, place) AS label
       FROM staged_labels WHERE idx IS NOT NULL GROUP BY annotator, item)
     SELECT d.place, d.item, d.annotator, d.label, f.label AS earlier, f.place AS earlier_place
     FROM staged_labels d JOIN first f ON d.annotator = f.annotator AND d.item = f.item
     WHERE d.label <> f.label ORDER BY d.place LIMIT ${max}`,
  );
  for (const row of conflicts) {
    const place = numberOf(row.place ?? null);
    const label = {
      item: stringOf(row.item ?? null) ?? '',
      annotator: stringOf(row.annotator ?? null) ?? '',
      label: stringOf(row.label ?? null) ?? '',
    };
    const earlier = stringOf(row.earlier ?? null) ?? '';
    issues.push({
      place,
      issue: conflictIssue(file, unit, place, label, earlier, numberOf(row.earlier_place ?? null)),
    });
  }
  if (issues.length === 0) return;
  issues.sort((a, b) => a.place - b.place);
  const shown = issues.slice(0, max).map((entry) => entry.issue);
  const more = issues.length > max ? ' or more' : '';
  throw dataError(shown, `${shown.length}${more} problem${shown.length === 1 ? '' : 's'} in ${file}`);
}

/** The staged labels of the role, first of each repeat, into the ledger as one batch in file order. */
async function appendStaged(
  db: Database,
  options: DatasetLabelsOptions,
  fileSha256: string,
): Promise<AppendResult> {
  const [counts] = await db.rows(
    `SELECT count(*) AS n, (SELECT count(*) FROM import_batches) AS batches FROM staged_labels WHERE role = $1`,
    [options.role],
  );
  const staged = numberOf(counts?.n ?? 0);
  const batchSeq = numberOf(counts?.batches ?? 0) + 1;
  const batchId = batchIdOf(batchSeq);
  const now = new Date().toISOString();
  await db.run(
    `INSERT INTO labels
     SELECT row_number() OVER (ORDER BY place), item, annotator, role, label, NULL, NULL, $2, $3
     FROM (
       SELECT * FROM staged_labels WHERE role = $1
       QUALIFY row_number() OVER (PARTITION BY annotator, item ORDER BY place) = 1)`,
    [options.role, batchId, now],
  );
  const [ledger] = await db.rows('SELECT count(*) AS n FROM labels');
  const added = numberOf(ledger?.n ?? 0);
  await insertBatch(db, {
    batch: batchId,
    seq: batchSeq,
    source: options.source,
    sha256: sha256Hex(`${options.role} labels of ${fileSha256}`),
    added,
    duplicates: staged - added,
    importedAt: now,
  });
  return { batch: batchId, added, duplicates: staged - added };
}
