/**
 * The last answer of `load`, kept `ttlMs`, and one load at a time: any number of consoles polling
 * a fleet-wide read cost the backends one read per `ttlMs` per gateway. A failed load is not
 * kept (the next caller tries again) and reaches every caller that waited on it.
 */
export function ttlCache<T>(load: () => Promise<T>, ttlMs: number, now: () => number = Date.now) {
  let value: { data: T; at: number } | undefined;
  let loading: Promise<T> | undefined;
  return (): Promise<T> => {
    if (value && now() - value.at < ttlMs) return Promise.resolve(value.data);
    loading ??= load()
      .then((data) => {
        value = { data, at: now() };
        return data;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
}
