import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BorderlineError, dataError } from '@borderline/core';
import { z } from 'zod';

/**
 * What is known of one submitted (or about to be submitted) provider batch, kept in the batch state directory so
 * a restarted process polls the same batch instead of paying for a second one. `items` is the custom_id mapping:
 * `[customId, cacheKey]` in request order (Gemini's inline answers come back in that order).
 */
export interface BatchRecord {
  readonly format: 1;
  /** sha-256 over the items' cache keys in order: the record's file name and the batch's identity. */
  readonly inputHash: string;
  readonly provider: string;
  readonly model: string;
  /** The provider's batch id (OpenAI `batch_...`, Gemini `batches/...`); absent until the create call returned. */
  readonly batchId?: string;
  /** Uploaded input files (OpenAI's JSONL); a record with a file but no batch creates the batch from it. */
  readonly fileIds: readonly string[];
  readonly items: readonly (readonly [customId: string, key: string])[];
}

const recordSchema = z.object({
  format: z.literal(1),
  inputHash: z.string().regex(/^[0-9a-f]{64}$/),
  provider: z.string().min(1),
  model: z.string().min(1),
  batchId: z.string().min(1).optional(),
  fileIds: z.array(z.string().min(1)),
  items: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
});

const PREFIX = 'batch-';
const SUFFIX = '.json';

/** The identity of a list of items: sha-256 over their cache keys in order. */
export function inputHash(keys: readonly string[]): string {
  const hash = createHash('sha256');
  for (const key of keys) hash.update(`${key}\n`);
  return hash.digest('hex');
}

/** The record's file in the state directory. */
export function recordPath(stateDir: string, record: Pick<BatchRecord, 'inputHash'>): string {
  return join(stateDir, `${PREFIX}${record.inputHash}${SUFFIX}`);
}

function ioError(path: string, error: unknown): BorderlineError {
  const code = (error as { code?: unknown }).code;
  return new BorderlineError({
    code: 'io',
    message: `batch state: cannot write ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    cause: error,
  });
}

/**
 * Writes the record durably: a temporary file beside it, flushed to disk (fsync), renamed into place, then the
 * directory flushed, so after a crash the file is either the old record or the new one, never a torn one.
 */
export async function writeRecord(stateDir: string, record: BatchRecord): Promise<void> {
  const path = recordPath(stateDir, record);
  const temporary = join(
    stateDir,
    `.${PREFIX}${record.inputHash}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await mkdir(stateDir, { recursive: true });
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncDirectory(stateDir);
  } catch (error) {
    await rm(temporary, { force: true });
    throw ioError(path, error);
  }
}

async function syncDirectory(directory: string): Promise<void> {
  // A directory fsync makes the rename itself durable; some platforms refuse to open a directory for it.
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort: the data file itself was already flushed.
  } finally {
    await handle?.close();
  }
}

/** Removes a record (its batch was dropped before anything was paid for). */
export async function removeRecord(stateDir: string, record: BatchRecord): Promise<void> {
  await rm(recordPath(stateDir, record), { force: true });
}

/**
 * Every record in the state directory (none when it does not exist yet), oldest name first. A file that does not
 * parse is an `invalid-data` error naming the file and field: it may stand for a paid batch, so it is not skipped.
 */
export async function readRecords(stateDir: string): Promise<BatchRecord[]> {
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw ioError(stateDir, error);
  }
  const records: BatchRecord[] = [];
  for (const name of names.sort()) {
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) continue;
    const file = join(stateDir, name);
    const text = await readFile(file, 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw dataError([{ file, line: 1, message: `not JSON: ${(error as Error).message}` }], 'batch state');
    }
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      throw dataError(
        parsed.error.issues.map((issue) => ({
          file,
          line: 1,
          field: issue.path.join('.') || '(record)',
          message: issue.message,
        })),
        'batch state: a record does not parse',
      );
    }
    records.push(parsed.data as BatchRecord);
  }
  return records;
}
