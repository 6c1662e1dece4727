import { PASS_PROGRESS_KEY, type PassRecord, type RunStore } from '@borderline/run-store';

/** A pass's progress as `status` shows it (its speed is a timing, under `timings.passes`). */
export interface PassStatus {
  readonly pass: string;
  readonly shardsDone: number;
  readonly shardsTotal: number;
  readonly items: number;
}

/** What `status` says of a sharded run's pool: its shards and each pass's last progress. */
export interface ShardStatus {
  readonly dir: string;
  readonly count: number;
  readonly passes: readonly PassStatus[];
}

const PASSES = ['embed', 'score', 'assign'] as const;

/** The shards of a sharded run and its passes' last progress (with their speeds, for `timings`); else undefined. */
export async function shardStatus(
  store: RunStore,
): Promise<{ readonly shards: ShardStatus; readonly timings: readonly PassTiming[] } | undefined> {
  const manifest = store.shardManifest();
  if (manifest === undefined) return undefined;
  const passes: PassStatus[] = [];
  const timings: PassTiming[] = [];
  for (const pass of PASSES) {
    const record = await store.getMeta<PassRecord>(`${PASS_PROGRESS_KEY}:${pass}`);
    if (record === undefined) continue;
    passes.push({
      pass,
      shardsDone: record.shardsDone,
      shardsTotal: record.shardsTotal,
      items: record.items,
    });
    timings.push({ pass, itemsPerSecond: record.itemsPerSecond, updatedAt: record.updatedAt });
  }
  return { shards: { dir: manifest.dir, count: manifest.shards.length, passes }, timings };
}

/** A pass's speed when it last ran. */
export interface PassTiming {
  readonly pass: string;
  readonly itemsPerSecond: number;
  readonly updatedAt: string;
}

/** The status lines of a sharded run's pool. */
export function shardLines(shards: ShardStatus, timings: readonly PassTiming[]): string[] {
  const passes = shards.passes.map((pass) => {
    const speed = timings.find((timing) => timing.pass === pass.pass)?.itemsPerSecond;
    const rate = speed === undefined || !(speed > 0) ? '' : `, ${Math.round(speed)} items/s when last run`;
    return `  ${pass.pass} pass: ${pass.shardsDone}/${pass.shardsTotal} shards, ${pass.items} items${rate}`;
  });
  return [
    `shards: ${shards.count} shard file(s) in ${shards.dir}`,
    ...(passes.length > 0 ? passes : ['  no pass run yet']),
  ];
}
