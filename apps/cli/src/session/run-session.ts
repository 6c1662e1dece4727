import { resolve } from 'node:path';
import { BorderlineError, type Item } from '@borderline/core';
import type { CurationState } from '@borderline/loop';
import { openRunStore, type RunStore } from '@borderline/run-store';
import type { CliIo } from '../io';
import { parseRunConfig, type RunConfig } from './run-config';

/** An open run: its store, configuration and loop state. */
export interface RunSession {
  /** The run directory as the user gave it (for hints: `next: borderline prelabel runs/abuse`). */
  readonly name: string;
  readonly store: RunStore;
  readonly config: RunConfig;
  /** The loop state as last committed (or as updated by `setState` in this command). */
  state(): CurationState;
  /** Records a new state; it is written with `saveState` (inside the command's transaction). */
  setState(state: CurationState): void;
  /** Writes the current state to the store. */
  saveState(): Promise<void>;
  /** The pool in index order (read once; refused for a sharded run, whose pool is read by index). */
  items(): Promise<readonly Item[]>;
  /** These pool items in the order given (with their `meta` when the pool is in the run; a sharded run's without). */
  itemsAt(indices: readonly number[]): Promise<Item[]>;
  /** True when the run's pool is a sharded dataset's shard files (its passes run on an executor). */
  readonly sharded: boolean;
}

/** The config key in the store's meta table. */
export const CONFIG_KEY = 'config';

/**
 * Opens the run at `dir` (relative to the CLI's cwd), runs `work`, and closes the run whatever happens. `write`
 * takes the run's lock; `read` opens it read-only.
 */
export async function withRun<T>(
  io: CliIo,
  dir: string,
  mode: 'write' | 'read',
  work: (session: RunSession) => Promise<T>,
): Promise<T> {
  const store = await openRunStore(resolve(io.cwd, dir), { mode: mode === 'write' ? 'open' : 'read' });
  try {
    const config = parseRunConfig(await store.getMeta(CONFIG_KEY), `run config of ${store.dir}`);
    const stored = await store.readLoopState();
    if (stored === undefined) {
      throw new BorderlineError({
        code: 'run-state',
        message: `run ${store.dir} has no loop state (init did not finish)`,
      });
    }
    let state = stored;
    let items: Item[] | undefined;
    return await work({
      name: dir,
      store,
      config,
      state: () => state,
      setState: (next) => {
        state = next;
      },
      saveState: () => store.writeLoopState(state),
      items: async () => {
        items ??= await store.readItems();
        return items;
      },
      itemsAt: async (indices) => {
        if (store.shardManifest() !== undefined) {
          const { ids, texts } = await store.itemsAt(indices);
          return ids.map((id, position) => ({ id, text: texts[position]! }));
        }
        items ??= await store.readItems();
        const pool = items;
        return indices.map((index) => pool[index]!);
      },
      sharded: store.shardManifest() !== undefined,
    });
  } finally {
    store.close();
  }
}
