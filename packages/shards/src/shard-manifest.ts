/** What `scanShards` records of one shard file. */
export interface ShardEntry {
  /** Path relative to the dataset folder, e.g. `items/0003.parquet`. */
  readonly file: string;
  readonly format: ShardFormat;
  /** Items in the shard. */
  readonly rows: number;
  /** Pool index of the shard's first item: shards are contiguous runs of the pool in file-name order. */
  readonly start: number;
  /** File size when scanned. */
  readonly bytes: number;
  /** SHA-256 of the file's bytes (hex) when scanned: the identity every pass output is keyed by. */
  readonly sha256: string;
}

/** The formats a shard may be in (`.jsonl` may be gzipped, `.jsonl.gz`). */
export type ShardFormat = 'parquet' | 'jsonl';

/**
 * A sharded dataset, scanned and validated: the pool is the shards' items in order. Plain JSON, so a run store
 * keeps it and a job carries the part it needs. Shard files must not change after the scan (a changed file is
 * refused when read: its size or row count no longer matches).
 */
export interface ShardManifest {
  readonly version: 1;
  /** The dataset folder, absolute. Workers on other machines must see it at the same path (shared storage). */
  readonly dir: string;
  /** `name` of `dataset.json`. */
  readonly name: string;
  /** Items in the pool. */
  readonly count: number;
  readonly shards: readonly ShardEntry[];
  /** `labels.jsonl` (relative) when the dataset has one. */
  readonly labels?: string;
}
