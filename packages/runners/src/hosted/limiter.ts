/** Runs at most `concurrency` tasks at once; the rest wait in call order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** A first-in first-out concurrency limit shared by every call of one hosted adapter. */
export function createLimiter(concurrency: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active--;
    const next = waiting.shift();
    if (next !== undefined) {
      active++;
      next();
    }
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < concurrency) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
