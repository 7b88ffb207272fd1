import { readdirSync } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { serialize } from 'bson';
import type { Change } from '../engine/change.js';
import { syncDirectory } from './sync-directory.js';

const PREFIX = 'journal-';
const EXTENSION = '.wal';

/** Segment names sort in write order: each is named after the first sequence number it may hold. */
function segmentName(firstLsn: number): string {
  return `${PREFIX}${String(firstLsn).padStart(16, '0')}${EXTENSION}`;
}

/** The journal segments in `dataDir`, oldest first. */
export function segmentFiles(dataDir: string): string[] {
  return readdirSync(dataDir)
    .filter((entry) => entry.startsWith(PREFIX) && entry.endsWith(EXTENSION))
    .sort();
}

interface Commit {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newCommit(): Commit {
  const commit = {} as Commit;
  commit.promise = new Promise<void>((resolve, reject) => Object.assign(commit, { resolve, reject }));
  // A failed commit is reported through durable(); nobody awaiting it must not crash the server.
  commit.promise.catch(() => undefined);
  return commit;
}

/**
 * Append-only log of every change, numbered by a sequence (lsn), written and fsynced in groups:
 * changes made while one group is being synced form the next group, so one fsync acknowledges
 * every write that arrived meanwhile (group commit). The snapshot files make old segments
 * redundant; the flusher rotates to a new segment when it snapshots and removes the older ones
 * once the snapshot is on disk.
 */
export class Journal {
  private lsnValue = 0;
  private segment = segmentName(1);
  private pending: Uint8Array[] = [];
  private next: Commit | undefined;
  private committing: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private handleSegment = '';

  constructor(
    private readonly dataDir: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Continues numbering after what was replayed (or found in snapshots). */
  resume(lastLsn: number): void {
    this.lsnValue = lastLsn;
    this.segment = segmentName(lastLsn + 1);
  }

  /** Sequence number of the latest change. */
  get lsn(): number {
    return this.lsnValue;
  }

  append(dbName: string, collName: string, change: Change): void {
    this.lsnValue += 1;
    this.pending.push(serialize({ l: this.lsnValue, d: dbName, c: collName, ...change }));
    this.next ??= newCommit();
    // setImmediate lets every request already read from any socket join this group.
    this.committing ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.commitAll());
  }

  /** Resolves once every change appended so far is fsynced; rejects if its group could not be. */
  durable(): Promise<void> {
    return this.next?.promise ?? this.committing ?? Promise.resolve();
  }

  /** Starts a new segment for later changes; returns its name (older segments are then redundant
   * once everything up to the current lsn is in the snapshot files). */
  rotate(): string {
    this.segment = segmentName(this.lsnValue + 1);
    return this.segment;
  }

  /** Deletes the segments older than `segment`. */
  async removeBefore(segment: string): Promise<void> {
    for (const old of segmentFiles(this.dataDir).filter((name) => name < segment)) {
      await rm(join(this.dataDir, old), { force: true });
    }
  }

  /** Waits for pending groups, then closes the segment file. */
  async close(): Promise<void> {
    await this.committing;
    await this.handle?.close();
    this.handle = undefined;
  }

  private async commitAll(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      const commit = this.next!;
      this.pending = [];
      this.next = undefined;
      try {
        const handle = await this.openSegment();
        await handle.appendFile(Buffer.concat(group));
        await handle.datasync();
        commit.resolve();
      } catch (error) {
        this.log(`devdb: could not journal ${group.length} changes: ${(error as Error).message}`);
        commit.reject(error);
      }
    }
    this.committing = undefined;
  }

  private async openSegment(): Promise<FileHandle> {
    if (this.handle && this.handleSegment === this.segment) return this.handle;
    await this.handle?.close();
    this.handle = undefined;
    this.handleSegment = this.segment;
    this.handle = await open(join(this.dataDir, this.segment), 'a');
    await syncDirectory(this.dataDir);
    return this.handle;
  }
}
