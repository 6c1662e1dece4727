import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { type ShardEntry, type ShardManifest, sha256File } from '@borderline/shards';
import { type Database, numberOf, stringOf } from './database';

// A sharded run keeps its pool where it is: the manifest's header in `meta`, one `shards` row per shard file
// (absolute folder + relative file, size, modification time and SHA-256 when scanned).

const HEADER_KEY = 'shard-manifest';

type ManifestHeader = Omit<ShardManifest, 'shards'>;

/** Records the manifest (init of a sharded run), with each shard's modification time for the check on open. */
export async function writeShardManifest(db: Database, manifest: ShardManifest): Promise<void> {
  const { shards, ...header } = manifest;
  await db.run('INSERT INTO meta VALUES ($1, $2)', [HEADER_KEY, JSON.stringify(header)]);
  for (const [index, shard] of shards.entries()) {
    const { mtimeMs } = await stat(join(manifest.dir, shard.file));
    await db.run('INSERT INTO shards VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      index,
      shard.file,
      shard.format,
      shard.rows,
      shard.start,
      shard.bytes,
      shard.sha256,
      mtimeMs,
    ]);
  }
}

/** The run's manifest and each shard's recorded modification time; undefined for a run whose pool is in `items`. */
export async function readShardManifest(
  db: Database,
): Promise<{ readonly manifest: ShardManifest; readonly mtimes: readonly number[] } | undefined> {
  const [row] = await db.rows('SELECT value FROM meta WHERE key = $1', [HEADER_KEY]);
  const text = row === undefined ? undefined : stringOf(row.value ?? null);
  if (text === undefined) return undefined;
  const header = JSON.parse(text) as ManifestHeader;
  const rows = await db.rows('SELECT * FROM shards ORDER BY shard');
  const mtimes: number[] = [];
  const shards = rows.map((shard): ShardEntry => {
    mtimes.push(Number(shard.mtime_ms));
    return {
      file: stringOf(shard.file ?? null) ?? '',
      format: stringOf(shard.format ?? null) as ShardEntry['format'],
      rows: numberOf(shard.rows ?? null),
      start: numberOf(shard.start ?? null),
      bytes: numberOf(shard.bytes ?? null),
      sha256: stringOf(shard.sha256 ?? null) ?? '',
    };
  });
  return { manifest: { ...header, shards }, mtimes };
}

/**
 * Refuses a run whose shard files are gone or changed since init, naming the file: the size must match, and a
 * file touched since (another modification time) must still hash to its recorded SHA-256.
 */
export async function checkShardFiles(manifest: ShardManifest, mtimes: readonly number[]): Promise<void> {
  for (const [index, shard] of manifest.shards.entries()) {
    const path = join(manifest.dir, shard.file);
    const found = await stat(path).catch(() => undefined);
    if (found === undefined) {
      throw new BorderlineError({
        code: 'not-found',
        message: `run store: shard ${path} of the run's pool is missing (the shards stay where init found them; put it back, or init a new run)`,
      });
    }
    const changed = (why: string) =>
      new BorderlineError({
        code: 'invalid-data',
        message: `run store: shard ${path} changed since init (${why}); the run's labels and scores refer to its old rows: restore it, or init a new run`,
      });
    if (found.size !== shard.bytes) throw changed(`${found.size} bytes, ${shard.bytes} at init`);
    if (found.mtimeMs !== mtimes[index] && (await sha256File(path)) !== shard.sha256) {
      throw changed('its SHA-256 differs');
    }
  }
}
