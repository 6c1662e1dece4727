import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { createIssueSink } from './issue-sink';
import { rawParquetBatches } from './raw-parquet';
import { rawParquetBatchesDuckDb } from './raw-parquet-duckdb';
import { loadItemsFile } from './read-records';

const fresh = () => tempDir('borderline-parquet-').dir;

/** Writes a Parquet file straight from DuckDB SQL (shapes our writer never makes). */
async function parquetFrom(select: string, options = ''): Promise<string> {
  const path = join(fresh(), 'items.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${select}) TO '${path}' (FORMAT parquet${options})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return path;
}

async function rawRows(reader: typeof rawParquetBatches, path: string) {
  const sink = createIssueSink(100);
  const rows: { place: number; record: unknown }[] = [];
  for await (const batch of reader(path, sink)) {
    batch.records.forEach((record, index) => {
      rows.push({ place: batch.places[index]!, record });
    });
  }
  return { rows, issues: sink.issues };
}

// Nulls, empty strings, strings past 127 and 65,535 bytes (length prefixes with high bytes), emoji, JSON meta;
// with ROW_GROUP_SIZE 3 DuckDB writes two row groups, so row numbers run across groups.
const MIXED = `
  SELECT 'id-' || i AS id,
    CASE WHEN i % 5 = 0 THEN NULL WHEN i % 7 = 0 THEN '' ELSE repeat('é😀x', (i * 37) % 400) END AS text,
    CASE WHEN i % 2 = 0 THEN '{"k":' || i || '}' END AS meta,
    CASE WHEN i % 3 = 0 THEN i END AS iteration
  FROM range(1, 40) t(i)
  UNION ALL SELECT 'long', repeat('ü', 40000), NULL, NULL`;

describe('the Parquet reader', () => {
  it('reads what DuckDB reads, row for row, across row groups', async () => {
    const path = await parquetFrom(MIXED, ', ROW_GROUP_SIZE 3');
    const ours = await rawRows(rawParquetBatches, path);
    expect(ours).toEqual(await rawRows(rawParquetBatchesDuckDb, path));
    expect(ours.rows).toHaveLength(40);
    expect(ours.rows[3]).toEqual({
      place: 4,
      record: { id: 'id-4', text: 'é😀x'.repeat(148), meta: { k: 4 } },
    });
  });

  it('reads dictionary-encoded and ZSTD-compressed files (through hyparquet and DuckDB) the same', async () => {
    const plain = await rawRows(rawParquetBatches, await parquetFrom(MIXED));
    expect(await rawRows(rawParquetBatches, await parquetFrom(MIXED, ', COMPRESSION zstd'))).toEqual(plain);
    const repeated = `SELECT 'id-' || i AS id, 'same text' AS text FROM range(1, 2000) t(i)`;
    const dictionary = await rawRows(rawParquetBatches, await parquetFrom(repeated));
    expect(dictionary.rows[1998]).toEqual({ place: 1999, record: { id: 'id-1999', text: 'same text' } });
  });

  it('reports invalid UTF-8 with its row and field', async () => {
    const path = await parquetFrom(
      `SELECT * FROM (VALUES ('a', 'fine'::BLOB), ('b', 'x\\xFFy'::BLOB)) t(id, text)`,
    );
    const { rows, issues } = await rawRows(rawParquetBatches, path);
    expect(issues).toEqual([
      {
        file: path,
        row: 2,
        field: 'text',
        message: 'invalid UTF-8',
        expected: 'UTF-8 text',
        found: 'invalid bytes',
      },
    ]);
    expect(rows.map((row) => (row.record as { text: string }).text)).toEqual(['fine', 'x\uFFFDy']);
  });

  it('finds invalid UTF-8 that a whole-page check would miss', async () => {
    // Row 1 ends in half of 'é' (0xC3); row 2 is 169 bytes long, so its length prefix starts with 0xA9, which
    // completes that 'é' in a check of the whole page.
    const path = await parquetFrom(
      `SELECT * FROM (VALUES ('a', 'ok\\xC3'::BLOB), ('b', repeat('a', 169)::BLOB)) t(id, text)`,
    );
    const { rows, issues } = await rawRows(rawParquetBatches, path);
    expect(issues.map((issue) => [issue.row, issue.field, issue.message])).toEqual([
      [1, 'text', 'invalid UTF-8'],
    ]);
    expect(rows.map((row) => (row.record as { text: string }).text)).toEqual(['ok\uFFFD', 'a'.repeat(169)]);
  });

  it('a file that is not Parquet is invalid-data naming it', async () => {
    const path = join(fresh(), 'items.parquet');
    writeFileSync(path, 'id,text\na,b\n');
    const error = await loadItemsFile(path).catch((caught: unknown) => caught);
    expect(BorderlineError.is(error) && error.code).toBe('invalid-data');
    expect(String((error as Error).message)).toContain(path);
  });
});
