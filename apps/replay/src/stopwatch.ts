/** Wall-clock seconds per stage. These figures go under `timings` only: they differ between runs. */
export interface Stopwatch {
  /** Runs `work`, adding its duration to `stage`. */
  time<T>(stage: string, work: () => Promise<T>): Promise<T>;
  /** Adds a duration measured elsewhere (e.g. the loop's timing events) to `stage`. */
  add(stage: string, milliseconds: number): void;
  /** Seconds per stage (rounded to ms), in the order stages first ran, and the total since creation. */
  read(): { readonly totalSeconds: number; readonly stages: Record<string, number> };
}

/** A stopwatch started now. */
export function createStopwatch(): Stopwatch {
  const started = performance.now();
  const stages = new Map<string, number>();
  const round = (milliseconds: number) => Math.round(milliseconds) / 1000;
  return {
    async time(stage, work) {
      const begin = performance.now();
      try {
        return await work();
      } finally {
        stages.set(stage, (stages.get(stage) ?? 0) + performance.now() - begin);
      }
    },
    add(stage, milliseconds) {
      stages.set(stage, (stages.get(stage) ?? 0) + milliseconds);
    },
    read: () => ({
      totalSeconds: round(performance.now() - started),
      stages: Object.fromEntries([...stages].map(([stage, milliseconds]) => [stage, round(milliseconds)])),
    }),
  };
}
