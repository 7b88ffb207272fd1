interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Turns many small writes into few round trips: items added while a write is in flight go out
 * together in the next one, so the batch size follows the load (one item when idle, hundreds
 * when busy) and nobody waits for a timer. Each `add` resolves once its own batch is written.
 */
export class WriteBatcher<T> {
  private queue: Array<Pending<T>> = [];
  /** Flush loops running (each has at most one write in flight). */
  private flushing = 0;
  private scheduled = false;
  private drained: Array<() => void> = [];

  constructor(
    private readonly write: (items: T[]) => Promise<unknown>,
    private readonly maxBatch = 500,
    /**
     * 0: write on the next turn. More: gather that long first, for writes nobody waits for, so a
     * trickle of items still goes out in few round trips.
     */
    private readonly lingerMs = 0,
    /**
     * Writes in flight at once. 1: what piles up behind a write waits for it. More: a new batch
     * goes out while earlier ones are still on their way, for writes someone waits for, where
     * the wait matters more than the number of round trips.
     */
    private readonly lanes = 1,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.flushing < this.lanes && !this.scheduled) {
        this.flushing++;
        this.scheduled = true;
        const start = () => {
          this.scheduled = false;
          void this.flush();
        };
        if (this.lingerMs > 0) setTimeout(start, this.lingerMs);
        else setImmediate(start);
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((pending) => pending.item));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing--;
    if (this.flushing === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  /** Resolves once everything added so far is written (or failed): for a clean shutdown. */
  idle(): Promise<void> {
    if (this.flushing === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.drained.push(resolve));
  }
}
