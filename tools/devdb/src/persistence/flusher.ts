import type { Store } from '../engine/store.js';
import { collectionFile, encodeCollection, removeFile, writeAtomically } from './data-files.js';

/**
 * Coalesces writes: a changed collection is marked dirty and written at most once per delay
 * window, so bursts (bulk inserts, GridFS uploads) cost one file rewrite, not one per operation.
 * `flush()` writes everything pending immediately; the server awaits it on close.
 */
/**
 * A flush snapshots whole collections, synchronously; waiting this many times as long as the last
 * snapshot took before the next one keeps it under ~5% of the server's time however big the data
 * grows (a 4,000-document collection rewritten every 200 ms cost devdb a fifth of its CPU under
 * a steady write load), at the price of a longer window of unsaved writes on a crash.
 */
const SNAPSHOT_BUDGET_FACTOR = 20;
/** The longest a change waits for its flush, however big the data. */
const MAX_DELAY_MS = 10_000;

export class Flusher {
  private readonly dirty = new Map<string, [string, string]>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastSnapshotMs = 0;

  constructor(
    private readonly dataDir: string,
    private readonly store: Store,
    private readonly delayMs: number,
    private readonly log: (message: string) => void,
  ) {}

  touch(dbName: string, collName: string): void {
    this.dirty.set(`${dbName}\0${collName}`, [dbName, collName]);
    if (!this.timer) {
      const delay = Math.min(
        Math.max(this.delayMs, this.lastSnapshotMs * SNAPSHOT_BUDGET_FACTOR),
        Math.max(this.delayMs, MAX_DELAY_MS),
      );
      this.timer = setTimeout(() => void this.flush(), delay);
      this.timer.unref();
    }
  }

  /** Snapshots dirty collections now and resolves once they (and earlier writes) are on disk. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const started = performance.now();
    const jobs = [...this.dirty.values()].map(([dbName, collName]) => {
      const collection = this.store.get(dbName, collName);
      return {
        file: collectionFile(this.dataDir, dbName, collName),
        contents: collection ? encodeCollection(collection) : null,
        key: [dbName, collName] as const,
      };
    });
    this.dirty.clear();
    this.lastSnapshotMs = performance.now() - started;
    this.writing = this.writing.then(async () => {
      for (const job of jobs) {
        try {
          if (job.contents) await writeAtomically(job.file, job.contents);
          else await removeFile(job.file);
        } catch (error) {
          this.log(`devdb: could not persist ${job.key.join('.')}: ${(error as Error).message}`);
          this.touch(...job.key);
        }
      }
    });
    return this.writing;
  }
}
