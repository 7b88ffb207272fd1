import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

interface Pending<V> {
  value: V;
  done: Array<() => void>;
}

export interface BulkWriteBatchOptions<T extends Document, V> {
  collection: Collection<T>;
  /** The update one key's newest value makes. */
  operation: (key: string, value: V) => AnyBulkWriteOperation<T>;
  /** Which of a queued value and a newer write's value to keep; the later write by default. */
  keep?: (queued: V, next: V) => V;
  /** A failed batch is reported here and not retried (best effort). */
  onError?: (error: unknown) => void;
  maxBatch?: number;
}

/**
 * One write per key at a time, batched: the writes that arrive while a batch is out are kept (one
 * value per key) and go out as the next unordered bulkWrite, at most `maxBatch` keys each. Writes
 * of many accounts at once (a cold start, a takeover) then cost one round trip instead of one each.
 */
export class BulkWriteBatch<T extends Document, V> {
  private pending = new Map<string, Pending<V>>();
  private flushing = false;
  private readonly keep: (queued: V, next: V) => V;
  private readonly onError: (error: unknown) => void;
  private readonly maxBatch: number;

  constructor(private readonly options: BulkWriteBatchOptions<T, V>) {
    this.keep = options.keep ?? ((_queued, next) => next);
    this.onError = options.onError ?? (() => undefined);
    this.maxBatch = options.maxBatch ?? 500;
  }

  /** Resolves once the batch carrying this write has been answered (or failed). */
  write(key: string, value: V): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry = this.pending.get(key);
      if (entry) {
        entry.value = this.keep(entry.value, value);
        entry.done.push(resolve);
      } else this.pending.set(key, { value, done: [resolve] });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending].slice(0, this.maxBatch);
      for (const [key] of batch) this.pending.delete(key);
      const operations = batch.map(([key, { value }]) => this.options.operation(key, value));
      try {
        await this.options.collection.bulkWrite(operations, { ordered: false });
      } catch (error) {
        this.onError(error);
      }
      for (const [, { done }] of batch) for (const resolve of done) resolve();
    }
    this.flushing = false;
  }
}
