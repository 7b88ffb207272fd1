/**
 * Many lookups, one round trip: keys asked for while a load is in flight are loaded together in
 * the next one (as WriteBatcher in @wildcat/jobs does for writes), so the number of queries follows the load, not
 * the number of jobs, and an idle process still answers a single lookup at once.
 */
export class BatchLoader<K, V> {
  private pending = new Map<K, Array<{ resolve: (value: V) => void; reject: (error: unknown) => void }>>();
  private loading = false;

  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 500,
  ) {}

  get(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.loading) {
        this.loading = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending].slice(0, this.maxBatch);
      for (const [key] of batch) this.pending.delete(key);
      try {
        const values = await this.load(batch.map(([key]) => key));
        for (const [key, waiters] of batch) {
          const value = values.get(key) as V;
          for (const waiter of waiters) waiter.resolve(value);
        }
      } catch (error) {
        for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.loading = false;
  }
}
