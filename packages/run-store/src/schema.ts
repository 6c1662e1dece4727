/** The run store's schema version; a run written by a newer schema is refused rather than misread. */
export const SCHEMA_VERSION = 1;

/**
 * The tables of a run. Vectors (predictions, embeddings) are stored as one row per committed chunk, so a long
 * prelabel commits as it goes and resumes at the first missing chunk. The label ledger is append-only: rows are
 * never updated or deleted, and `(item, annotator, role)` is unique, which is what makes imports idempotent.
 */
export const SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS items (
     idx INTEGER PRIMARY KEY, id VARCHAR NOT NULL UNIQUE, text VARCHAR NOT NULL, meta VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS predictions (
     model_version INTEGER NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL, scores BLOB NOT NULL,
     PRIMARY KEY (model_version, start))`,
  `CREATE TABLE IF NOT EXISTS embeddings (
     embedder VARCHAR NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL, dimensions INTEGER NOT NULL,
     vectors BLOB NOT NULL, PRIMARY KEY (embedder, start))`,
  `CREATE TABLE IF NOT EXISTS import_batches (
     batch VARCHAR PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
     iteration INTEGER, added INTEGER NOT NULL, duplicates INTEGER NOT NULL, imported_at VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS labels (
     seq INTEGER PRIMARY KEY, item VARCHAR NOT NULL, annotator VARCHAR NOT NULL, role VARCHAR NOT NULL,
     label VARCHAR NOT NULL, iteration INTEGER, meta VARCHAR, batch VARCHAR NOT NULL, imported_at VARCHAR NOT NULL,
     UNIQUE (item, annotator, role))`,
  `CREATE TABLE IF NOT EXISTS selections (
     iteration INTEGER NOT NULL, rank INTEGER NOT NULL, item VARCHAR NOT NULL, reason VARCHAR,
     PRIMARY KEY (iteration, rank), UNIQUE (iteration, item))`,
  `CREATE TABLE IF NOT EXISTS iterations (iteration INTEGER PRIMARY KEY, record VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS model_versions (
     version INTEGER PRIMARY KEY, provider VARCHAR NOT NULL, model_id VARCHAR NOT NULL, sha256 VARCHAR,
     file VARCHAR, info VARCHAR, created_at VARCHAR NOT NULL)`,
  // Hosted model answers keyed by model, prompt and text, so a resumed command never pays for an item twice.
  `CREATE TABLE IF NOT EXISTS responses (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  // A sharded run's pool: the dataset's shard files, referenced where they are (the header is in `meta`).
  `CREATE TABLE IF NOT EXISTS shards (
     shard INTEGER PRIMARY KEY, file VARCHAR NOT NULL, format VARCHAR NOT NULL, rows BIGINT NOT NULL,
     start BIGINT NOT NULL, bytes BIGINT NOT NULL, sha256 VARCHAR NOT NULL, mtime_ms DOUBLE NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS loop_state (id INTEGER PRIMARY KEY, state VARCHAR NOT NULL, updated_at VARCHAR NOT NULL)`,
];
