import type { Store } from '../engine/store.js';
import { collectionFile, encodeCollection, removeFile, writeAtomically } from './data-files.js';
import type { Journal } from './journal.js';

/**
 * A flush snapshots whole collections, synchronously; waiting this many times as long as the last
 * snapshot took before the next one keeps it under ~5% of the server's time however big the data
 * grows (a 4,000-document collection rewritten every 200 ms cost devdb a fifth of its CPU under
 * a steady write load). The journal keeps every acknowledged write meanwhile; snapshots only
 * bound how much of it a restart replays.
 */
const SNAPSHOT_BUDGET_FACTOR = 20;
/** The longest a change waits for its snapshot, however big the data. */
const MAX_DELAY_MS = 10_000;

/**
 * Compacts the journal into the snapshot files: a changed collection is marked dirty and written
 * at most once per delay window, so bursts (bulk inserts, GridFS uploads) cost one file rewrite,
 * not one per operation. Each flush starts a new journal segment; the older ones are deleted once
 * every collection written by the flush is on disk. `flush()` writes everything pending now; the
 * server awaits it on close.
 */
export class Flusher {
  private readonly dirty = new Map<string, [string, string]>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastSnapshotMs = 0;
  /** Failed collection writes so far: a flush that saw one cannot retire journal segments. */
  private failures = 0;

  constructor(
    private readonly dataDir: string,
    private readonly store: Store,
    private readonly journal: Journal,
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
    const lsn = this.journal.lsn;
    const jobs = [...this.dirty.values()].map(([dbName, collName]) => {
      const collection = this.store.get(dbName, collName);
      return {
        file: collectionFile(this.dataDir, dbName, collName),
        contents: collection ? encodeCollection(collection, lsn) : null,
        key: [dbName, collName] as const,
      };
    });
    this.dirty.clear();
    const segment = this.journal.rotate();
    const failuresBefore = this.failures;
    this.lastSnapshotMs = performance.now() - started;
    this.writing = this.writing.then(async () => {
      for (const job of jobs) {
        try {
          if (job.contents) await writeAtomically(job.file, job.contents);
          else await removeFile(job.file);
        } catch (error) {
          this.failures += 1;
          this.log(`devdb: could not persist ${job.key.join('.')}: ${(error as Error).message}`);
          this.touch(...job.key);
        }
      }
      // Every change up to `lsn` is now in a snapshot file, unless a write failed since this
      // flush looked at what was dirty (a failed collection is only saved by a later flush).
      if (this.failures === failuresBefore) {
        await this.journal.removeBefore(segment).catch((error: unknown) => {
          this.log(`devdb: could not remove old journal segments: ${(error as Error).message}`);
        });
      }
    });
    return this.writing;
  }
}
