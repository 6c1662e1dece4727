import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { type ParsedManifest, readManifest, resolveDatasetPath } from '@borderline/ingest';
import { checkShardedPolicy, createCurationConfig, startCuration } from '@borderline/loop';
import { openRunStore } from '@borderline/run-store';
import { isShardedDataset, type ShardManifest, scanShards } from '@borderline/shards';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import { type InitArgs, runConfigOf, selectionLine } from '../session/init-config';
import { curationInputOf, type RunConfig } from '../session/run-config';
import { CONFIG_KEY } from '../session/run-session';
import { parseSimulatedName } from '../session/simulated';

/** The folder of `--dataset` when it is a sharded dataset (dataset.json + items/ of shard files), else undefined. */
export async function shardedDatasetDir(io: CliIo, dataset: string): Promise<string | undefined> {
  if (parseSimulatedName(dataset) !== undefined) return undefined;
  let dir: string;
  try {
    dir = resolveDatasetPath(dataset, { env: io.env, cwd: io.cwd });
  } catch {
    return undefined; // not found: the unsharded path says what is wrong
  }
  return (await isShardedDataset(dir)) ? dir : undefined;
}

/** The options that read a dataset into the run, which a sharded pool (validated whole, left in place) refuses. */
function refuseUnshardedOptions(args: InitArgs): void {
  const given = [
    args.limit === undefined ? undefined : '--limit',
    args.onConflict === undefined ? undefined : '--on-conflict',
    args.skipInvalid === true ? '--skip-invalid' : undefined,
  ].filter((name) => name !== undefined);
  if (given.length > 0) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `init: ${given.join(', ')} do not apply to a sharded dataset (its shards are validated whole and stay where they are); write the shards you want, or leave the option out`,
    });
  }
  checkShardedPolicy(args.policy);
  if (args.policy === 'boundary-pairs' && args.fallback !== 'none')
    checkShardedPolicy(args.fallback, 'fallback');
}

/** What a sharded init made. */
export interface ShardedInit {
  readonly runDir: string;
  readonly config: RunConfig;
  readonly manifest: ShardManifest;
  /** Crowd labels of the dataset's labels file copied into the ledger. */
  readonly crowd: number;
}

/**
 * `init` over a sharded dataset: scans every shard (validating each row, hashing each file, refusing duplicate
 * ids; progress per shard), then creates the run with the manifest, the configuration and the loop state in one
 * transaction. The shards stay where they are, referenced by absolute path and SHA-256.
 */
export async function initSharded(
  args: InitArgs,
  dir: string,
  runDir: string,
  output: Output,
): Promise<ShardedInit> {
  refuseUnshardedOptions(args);
  const dataset = await readManifest(join(dir, 'dataset.json'));
  const manifest = await scanWithProgress(dir, output);
  const config = shardedConfig(args, dir, dataset, manifest);
  const crowd = await createShardedRun(runDir, config, manifest, dir, dataset.labels);
  return { runDir, config, manifest, crowd };
}

/** The shards' manifest, with a progress bar over the shards once the scan knows how many there are. */
async function scanWithProgress(dir: string, output: Output): Promise<ShardManifest> {
  let bar: ReturnType<Output['progress']> | undefined;
  const manifest = await scanShards(dir, {
    onProgress: (progress) => {
      bar ??= output.progress('scanning shards', progress.shardsTotal);
      bar.update(progress.shardsDone);
    },
  });
  bar?.finish();
  return manifest;
}

/** The run's configuration over the sharded pool (no conflicts or drops: its shards are validated whole). */
function shardedConfig(
  args: InitArgs,
  dir: string,
  dataset: ParsedManifest,
  manifest: ShardManifest,
): RunConfig {
  return runConfigOf(
    args,
    {
      name: args.dataset,
      dir,
      task: dataset.task,
      labels: [dataset.labels[0], dataset.labels[1]],
      positive: dataset.positive,
      conflicts: [],
      dropped: [],
      context: [],
      count: manifest.count,
      shards: manifest.shards.length,
    },
    args.seed ?? 1,
  );
}

/**
 * Creates the run in one transaction (configuration, shard manifest, the dataset's crowd labels, the first loop
 * state); on failure removes the run folder. Returns the number of crowd labels copied into the ledger.
 */
async function createShardedRun(
  runDir: string,
  config: RunConfig,
  manifest: ShardManifest,
  dir: string,
  categories: readonly string[],
): Promise<number> {
  const { state } = startCuration(createCurationConfig(curationInputOf(config)), manifest.count);
  const store = await openRunStore(runDir, { mode: 'create' });
  let crowd = 0;
  try {
    await store.transaction(async () => {
      await store.setMeta(CONFIG_KEY, config);
      await store.writeShardManifest(manifest);
      const source = `dataset:${basename(dir)}`;
      crowd = (await store.importDatasetLabels({ role: 'crowd', categories, source }))?.added ?? 0;
      await store.writeLoopState(state);
    });
  } catch (error) {
    store.close();
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  store.close();
  return crowd;
}

/** What a person reads after a sharded init. */
export function shardedInitLines(made: ShardedInit, runName: string): string {
  const { config, manifest } = made;
  return [
    `created run ${made.runDir}`,
    `  pool: ${manifest.count} items of ${config.dataset.name} (${config.dataset.labels.join(' / ')}) in ${manifest.shards.length} shard(s) of ${manifest.dir}, left in place`,
    `  runner: ${config.runner} ${config.model}; embedder ${config.embedder}; policy ${config.policy}; ${config.loop.batchSize} per iteration; seed ${config.loop.seed}`,
    selectionLine(config),
    made.crowd > 0 ? `  ledger: ${made.crowd} crowd label(s) from the dataset` : '',
    manifest.labels === undefined
      ? ''
      : `  ${manifest.labels}: run --annotators recorded replays its expert labels`,
    `next: borderline prelabel ${runName} [--executor local|queue]`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}
