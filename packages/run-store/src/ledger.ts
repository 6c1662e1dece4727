import { BorderlineError, type Label, type Role } from '@borderline/core';
import { type Database, numberOf, type Row, rowsWhereIn, stringOf } from './database';
import type { AppendResult, ImportBatch, LabelCounts, LedgerEntry } from './types';

// seq, item, annotator, role, label, iteration, meta, batch, imported_at
const LABEL_COLUMNS = [
  'integer',
  'varchar',
  'varchar',
  'varchar',
  'varchar',
  'integer',
  'varchar',
  'varchar',
  'varchar',
] as const;

function keyOf(label: Pick<Label, 'item' | 'annotator' | 'role'>): string {
  return `${label.role}\u0000${label.annotator}\u0000${label.item}`;
}

// Up to this many distinct items, only their rows are read back (one review decision stays O(1) however long
// the ledger); a larger import reads the whole ledger once.
const FILTERED_ITEMS = 1000;

async function labelsOfItems(db: Database, labels: readonly Label[]): Promise<Row[]> {
  const items = [...new Set(labels.map((label) => label.item))];
  if (items.length > FILTERED_ITEMS) return db.rows('SELECT item, annotator, role, label FROM labels');
  return rowsWhereIn(db, 'SELECT item, annotator, role, label FROM labels', 'item', items);
}

/** Splits labels into new ones and duplicates; contradictions (same key, other label) are refused. */
async function partition(
  db: Database,
  labels: readonly Label[],
): Promise<{ fresh: Label[]; duplicates: number }> {
  const known = new Map<string, string>();
  for (const row of await labelsOfItems(db, labels)) {
    known.set(keyOf(row as unknown as Label), stringOf(row.label ?? null) ?? '');
  }
  const fresh: Label[] = [];
  const conflicts: string[] = [];
  let duplicates = 0;
  for (const label of labels) {
    const key = keyOf(label);
    const existing = known.get(key);
    if (existing === undefined) {
      known.set(key, label.label);
      fresh.push(label);
    } else if (existing === label.label) {
      duplicates++;
    } else {
      conflicts.push(
        `${label.item} (${label.annotator}: "${existing}" already recorded, now "${label.label}")`,
      );
    }
  }
  if (conflicts.length > 0) {
    const shown = conflicts.slice(0, 10).join('; ');
    throw new BorderlineError({
      code: 'invalid-data',
      message: `run store: ${conflicts.length} label(s) contradict labels already in the ledger (the ledger is append-only): ${shown}${conflicts.length > 10 ? '; ...' : ''}`,
    });
  }
  return { fresh, duplicates };
}

/** Appends labels as one batch; see `RunStore.appendLabels`. Call inside a transaction. */
export async function appendLabels(
  db: Database,
  labels: readonly Label[],
  batch: { readonly source: string; readonly sha256: string; readonly iteration?: number },
): Promise<AppendResult> {
  const { fresh, duplicates } = await partition(db, labels);
  const [counts] = await db.rows(
    'SELECT (SELECT count(*) FROM labels) AS labels, (SELECT count(*) FROM import_batches) AS batches',
  );
  const firstSeq = numberOf(counts?.labels ?? 0) + 1;
  const batchSeq = numberOf(counts?.batches ?? 0) + 1;
  const batchId = batchIdOf(batchSeq);
  const now = new Date().toISOString();
  await db.append(
    'labels',
    LABEL_COLUMNS,
    fresh.map((label, index) => [
      firstSeq + index,
      label.item,
      label.annotator,
      label.role,
      label.label,
      label.iteration ?? null,
      label.meta === undefined ? null : JSON.stringify(label.meta),
      batchId,
      now,
    ]),
  );
  await insertBatch(db, {
    batch: batchId,
    seq: batchSeq,
    source: batch.source,
    sha256: batch.sha256,
    ...(batch.iteration === undefined ? {} : { iteration: batch.iteration }),
    added: fresh.length,
    duplicates,
    importedAt: now,
  });
  return { batch: batchId, added: fresh.length, duplicates };
}

/** The id of the import batch numbered `seq`: `batch-0001`, `batch-0002`, ... */
export function batchIdOf(seq: number): string {
  return `batch-${String(seq).padStart(4, '0')}`;
}

/** Records one import batch in `import_batches`. Call inside the transaction that adds its labels. */
export async function insertBatch(db: Database, batch: ImportBatch): Promise<void> {
  await db.run('INSERT INTO import_batches VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    batch.batch,
    batch.seq,
    batch.source,
    batch.sha256,
    batch.iteration ?? null,
    batch.added,
    batch.duplicates,
    batch.importedAt,
  ]);
}

function batchOf(row: Row): ImportBatch {
  const iteration = row.iteration;
  return {
    batch: stringOf(row.batch ?? null) ?? '',
    seq: numberOf(row.seq ?? null),
    source: stringOf(row.source ?? null) ?? '',
    sha256: stringOf(row.sha256 ?? null) ?? '',
    ...(iteration === null || iteration === undefined ? {} : { iteration: numberOf(iteration) }),
    added: numberOf(row.added ?? null),
    duplicates: numberOf(row.duplicates ?? null),
    importedAt: stringOf(row.imported_at ?? null) ?? '',
  };
}

/** The batch with this content hash, if imported before. */
export async function findBatch(db: Database, sha256: string): Promise<ImportBatch | undefined> {
  const [row] = await db.rows('SELECT * FROM import_batches WHERE sha256 = $1 ORDER BY seq LIMIT 1', [
    sha256,
  ]);
  return row === undefined ? undefined : batchOf(row);
}

/** Every batch in import order. */
export async function listBatches(db: Database): Promise<ImportBatch[]> {
  return (await db.rows('SELECT * FROM import_batches ORDER BY seq')).map(batchOf);
}

/**
 * Takes back one label of an iteration that has not been stepped (a reviewer's undo); see
 * `RunStore.retractLabel`. Later labels move down one place, so `seq` stays 1..n. Call inside a transaction.
 */
export async function retractLabel(
  db: Database,
  key: Pick<Label, 'item' | 'annotator' | 'role'>,
  where: { readonly iteration: number },
): Promise<LedgerEntry | undefined> {
  const [row] = await db.rows(
    'SELECT * FROM labels WHERE item = $1 AND annotator = $2 AND role = $3 AND iteration = $4',
    [key.item, key.annotator, key.role, where.iteration],
  );
  if (row === undefined) return undefined;
  const entry = entryOf(row);
  await db.run('DELETE FROM labels WHERE seq = $1', [entry.seq]);
  await db.run('UPDATE labels SET seq = seq - 1 WHERE seq > $1', [entry.seq]);
  return entry;
}

/** How many labels the ledger holds, per role (roles without labels are 0), and in all (its last seq). */
export async function countLabels(db: Database): Promise<LabelCounts> {
  const counts: Record<Role, number> = { expert: 0, crowd: 0, gold: 0, model: 0 };
  let total = 0;
  for (const row of await db.rows('SELECT role, count(*) AS n FROM labels GROUP BY role')) {
    const n = numberOf(row.n ?? null);
    counts[(stringOf(row.role ?? null) ?? 'expert') as Role] = n;
    total += n;
  }
  return { ...counts, total };
}

/**
 * The ledger in append order: all of it, one role's labels, and/or only the labels of the given item ids (read
 * 1,000 ids per query, so reading one batch's answers costs that batch, not the whole ledger).
 */
export async function readLabels(
  db: Database,
  filter: { readonly role?: Role; readonly items?: readonly string[] } = {},
): Promise<LedgerEntry[]> {
  const { role, items } = filter;
  if (items === undefined) {
    const rows =
      role === undefined
        ? await db.rows('SELECT * FROM labels ORDER BY seq')
        : await db.rows('SELECT * FROM labels WHERE role = $1 ORDER BY seq', [role]);
    return rows.map(entryOf);
  }
  const byRole = role === undefined ? undefined : { where: 'role = $1', params: [role] };
  return (await rowsWhereIn(db, 'SELECT * FROM labels', 'item', items, byRole))
    .map(entryOf)
    .sort((a, b) => a.seq - b.seq);
}

function entryOf(row: Row): LedgerEntry {
  const iteration = row.iteration;
  const meta = stringOf(row.meta ?? null);
  return {
    seq: numberOf(row.seq ?? null),
    item: stringOf(row.item ?? null) ?? '',
    annotator: stringOf(row.annotator ?? null) ?? '',
    role: (stringOf(row.role ?? null) ?? 'expert') as Role,
    label: stringOf(row.label ?? null) ?? '',
    ...(iteration === null || iteration === undefined ? {} : { iteration: numberOf(iteration) }),
    ...(meta === undefined ? {} : { meta: JSON.parse(meta) as Record<string, unknown> }),
    batch: stringOf(row.batch ?? null) ?? '',
    importedAt: stringOf(row.imported_at ?? null) ?? '',
  };
}
