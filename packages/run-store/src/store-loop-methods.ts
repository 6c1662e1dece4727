import { type IterationRecord, parseCurationState } from '@borderline/loop';
import { numberOf, stringOf } from './database';
import type { StoreContext } from './store-context';
import type { RunStore } from './types';

/** The store's loop-record methods: each iteration's selection and record, and the loop's state. */
export type LoopMethods = Pick<
  RunStore,
  | 'writeSelection'
  | 'readSelection'
  | 'writeIteration'
  | 'readIterations'
  | 'writeLoopState'
  | 'readLoopState'
>;

/** The loop-record methods over `ctx`; each write commits atomically. */
export function loopMethods({ db, atomic }: StoreContext): LoopMethods {
  return {
    writeSelection: (iteration, entries) =>
      atomic(async () => {
        for (const entry of entries) {
          await db.run('INSERT INTO selections VALUES ($1, $2, $3, $4)', [
            iteration,
            entry.rank,
            entry.item,
            entry.reason ?? null,
          ]);
        }
      }),
    readSelection: async (iteration) =>
      (
        await db.rows('SELECT rank, item, reason FROM selections WHERE iteration = $1 ORDER BY rank', [
          iteration,
        ])
      ).map((row) => {
        const reason = stringOf(row.reason ?? null);
        const entry = { rank: numberOf(row.rank ?? null), item: stringOf(row.item ?? null) ?? '' };
        return reason === undefined ? entry : { ...entry, reason };
      }),
    writeIteration: (iteration, record) =>
      atomic(() =>
        db.run('INSERT OR REPLACE INTO iterations VALUES ($1, $2)', [iteration, JSON.stringify(record)]),
      ),
    readIterations: async () =>
      (await db.rows('SELECT iteration, record FROM iterations ORDER BY iteration')).map((row) => ({
        iteration: numberOf(row.iteration ?? null),
        record: JSON.parse(stringOf(row.record ?? null) ?? 'null') as IterationRecord,
      })),
    writeLoopState: (state) =>
      atomic(() =>
        db.run('INSERT OR REPLACE INTO loop_state VALUES (1, $1, $2)', [
          JSON.stringify(state),
          new Date().toISOString(),
        ]),
      ),
    readLoopState: async () => {
      const [row] = await db.rows('SELECT state FROM loop_state WHERE id = 1');
      const text = row === undefined ? undefined : stringOf(row.state ?? null);
      return text === undefined ? undefined : parseCurationState(text);
    },
  };
}
