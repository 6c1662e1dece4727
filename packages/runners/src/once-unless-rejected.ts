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

/**
 * The keyed form of {@link onceUnlessRejected}: the promise under `key` in `cache`, else `build()`'s, stored
 * there until it rejects.
 */
export function sharedUnlessRejected<Key, Value>(
  cache: Map<Key, Promise<Value>>,
  key: Key,
  build: () => Promise<Value>,
): Promise<Value> {
  const held = cache.get(key);
  if (held !== undefined) return held;
  const started = build();
  cache.set(key, started);
  started.catch(() => {
    if (cache.get(key) === started) cache.delete(key);
  });
  return started;
}
