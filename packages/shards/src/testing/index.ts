/**
 * Helpers for benches and tests of sharded pools: a synthetic pool of ads written as Parquet shards, one shard at
 * a time, any size (the 10-million-item benches use it).
 */
export { syntheticAd, syntheticLabel, writeSyntheticPool } from './synthetic-pool';
