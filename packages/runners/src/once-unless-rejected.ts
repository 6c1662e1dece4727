/**
 * Memoises an asynchronous build: every call shares the first call's promise, except that a rejected one is not
 * kept, so the next call builds again (an SDK installed after a failed import, an aborted embedding). The
 * arguments of the call that starts a build are the ones it gets.
 */
export function onceUnlessRejected<Args extends unknown[], Value>(
  build: (...args: Args) => Promise<Value>,
): (...args: Args) => Promise<Value> {
  let pending: Promise<Value> | undefined;
  return (...args) => {
    if (pending !== undefined) return pending;
    const started = build(...args);
    pending = started;
    started.catch(() => {
      if (pending === started) pending = undefined;
    });
    return started;
  };
}
