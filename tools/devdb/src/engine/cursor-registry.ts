import { calculateObjectSize, type Document, Long } from 'bson';
import { CommandError } from '../errors/command-error.js';

/** Batches stay under mongod's 16 MiB document cap so the reply is always one legal BSON document. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
  noTimeout: boolean;
}

export interface CursorReply {
  cursor: { firstBatch?: Document[]; nextBatch?: Document[]; id: Long; ns: string };
  ok: 1;
}

/** Server-side cursors: results are materialised once and handed out in batches by id. */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = 1 + Math.floor(Math.random() * 1_000_000) * 1000;

  constructor(private readonly idleTimeoutMs: number) {}

  get size(): number {
    return this.cursors.size;
  }

  /** Replies with the first batch and keeps a cursor only if documents remain. */
  open(
    ns: string,
    docs: Document[],
    batchSize: unknown,
    options: { singleBatch?: boolean; noTimeout?: boolean } = {},
  ): CursorReply {
    const cursor: OpenCursor = {
      ns,
      docs,
      position: 0,
      lastUsed: Date.now(),
      noTimeout: options.noTimeout === true,
    };
    const batch = this.take(cursor, typeof batchSize === 'number' ? batchSize : DEFAULT_FIRST_BATCH);
    let id = Long.ZERO;
    if (!options.singleBatch && cursor.position < docs.length) {
      const n = this.nextId++;
      this.cursors.set(String(n), cursor);
      id = Long.fromNumber(n);
    }
    return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
  }

  getMore(id: unknown, collection: string, batchSize: unknown): CursorReply {
    const key = String(id);
    const cursor = this.cursors.get(key);
    if (!cursor) throw new CommandError(43, 'CursorNotFound', `cursor id ${key} not found`);
    const collName = cursor.ns.slice(cursor.ns.indexOf('.') + 1);
    if (collection !== collName) {
      throw new CommandError(
        13,
        'Unauthorized',
        `Requested getMore on namespace '${collection}', but cursor belongs to '${cursor.ns}'`,
      );
    }
    cursor.lastUsed = Date.now();
    const batch = this.take(
      cursor,
      typeof batchSize === 'number' && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY,
    );
    const done = cursor.position >= cursor.docs.length;
    if (done) this.cursors.delete(key);
    return {
      cursor: { nextBatch: batch, id: done ? Long.ZERO : Long.fromString(key), ns: cursor.ns },
      ok: 1,
    };
  }

  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const key = String(id);
      (this.cursors.delete(key) ? killed : notFound).push(Long.fromString(key));
    }
    return { killed, notFound };
  }

  /** Drops cursors idle longer than the timeout, as mongod does after 10 minutes. */
  sweep(now = Date.now()): void {
    for (const [key, cursor] of this.cursors) {
      if (!cursor.noTimeout && now - cursor.lastUsed > this.idleTimeoutMs) this.cursors.delete(key);
    }
  }

  clear(): void {
    this.cursors.clear();
  }

  private take(cursor: OpenCursor, limit: number): Document[] {
    const batch: Document[] = [];
    let bytes = 0;
    while (batch.length < limit && cursor.position < cursor.docs.length) {
      const doc = cursor.docs[cursor.position]!;
      const size = calculateObjectSize(doc);
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      batch.push(doc);
      bytes += size;
      cursor.position++;
    }
    return batch;
  }
}
