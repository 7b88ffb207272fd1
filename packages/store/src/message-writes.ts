import {
  type AnyBulkWriteOperation,
  type BulkWriteResult,
  type Collection,
  MongoBulkWriteError,
  MongoNetworkTimeoutError,
  MongoServerError,
} from 'mongodb';
import { messageInsertOp, messageStatusOp } from './message-write-ops.js';
import type { AckStatus, MessageDoc, NewMessage } from './messages-repository.js';

/**
 * The debug log that follows each message id through the writes (a pino logger satisfies it);
 * given only when debug logging is on, so a worker without it builds no trace fields.
 */
export interface MessageTrace {
  debug(fields: object, message: string): void;
}

/** What the send and inbound paths write to `messages`; the repository itself satisfies it. */
export interface MessageWriter {
  upsert(message: NewMessage): Promise<boolean>;
  setStatus(accountId: string, messageId: string, status: AckStatus, error?: string): Promise<boolean>;
}

type Write =
  | { kind: 'insert'; key: string; message: NewMessage }
  | { kind: 'status'; key: string; accountId: string; messageId: string; status: AckStatus; error?: string };

interface Pending {
  write: Write;
  resolve(changed: boolean): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 256;
const BATCH_ANSWER_MS = 30_000;

/**
 * `write`, or a network timeout once `ms` passed without its answer. The driver (7.8) can leave
 * a write unsettled for good when the server closes the connection under it: in the e2e devdb
 * outage one such batch ("batch sent", never answered) held every later message write of its
 * worker, and so every send and inbound message of it, until the run timed out 5 minutes later.
 */
async function answeredWithin<T>(write: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MongoNetworkTimeoutError(`no answer from MongoDB to a message write batch within ${ms} ms`),
        ),
      ms,
    );
  });
  // Settling after the timeout changes nothing: the batch was failed and is written again.
  write.catch(() => undefined);
  try {
    return await Promise.race([write, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The message inserts and status moves of a whole worker, written as one `bulkWrite` per round
 * trip instead of one `updateOne` each. A sandbox send is an insert, `sent` and a `delivered`
 * receipt: three round trips, which cost the worker and the database more CPU than the writes
 * themselves. Writes that arrive while a batch is in flight go out together in the next one, so
 * an idle worker still writes at once and a busy one in few round trips.
 *
 * Each call resolves as the repository method would: an insert `true` only when it inserted, a
 * status move `true` only when it moved the status (only then is a `message.ack` published).
 * Batches run one at a time and a batch holds at most one write per message, so the writes of
 * one message keep their order.
 */
export class MessageWrites implements MessageWriter {
  private queue: Pending[] = [];
  private flushing = false;
  private lastStamp = 0;

  constructor(
    private readonly messages: Collection<MessageDoc>,
    private readonly trace?: MessageTrace,
    /** A batch without an answer by then fails (unknown outcome; every write here is idempotent). */
    private readonly answerWithinMs = BATCH_ANSWER_MS,
  ) {}

  upsert(message: NewMessage): Promise<boolean> {
    return this.enqueue({ kind: 'insert', key: keyOf(message.accountId, message.messageId), message });
  }

  setStatus(accountId: string, messageId: string, status: AckStatus, error?: string): Promise<boolean> {
    const key = keyOf(accountId, messageId);
    return this.enqueue({ kind: 'status', key, accountId, messageId, status, ...(error ? { error } : {}) });
  }

  private enqueue(write: Write): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      const later: Pending[] = [];
      const keys = new Set<string>();
      for (const pending of this.queue) {
        if (batch.length >= MAX_BATCH || keys.has(pending.write.key)) later.push(pending);
        else {
          keys.add(pending.write.key);
          batch.push(pending);
        }
      }
      this.queue = later;
      await this.write(batch).catch((error) => {
        for (const pending of batch) pending.reject(error);
      });
    }
    this.flushing = false;
  }

  private async write(batch: Pending[]): Promise<void> {
    // A stamp later than any earlier batch's: the `updatedAt` that tells this batch's moves apart.
    const stamp = new Date(Math.max(Date.now(), this.lastStamp + 1));
    this.lastStamp = stamp.getTime();
    const ops: AnyBulkWriteOperation<MessageDoc>[] = batch.map(({ write }) => {
      if (write.kind === 'insert') {
        const op = messageInsertOp(write.message, stamp);
        return { updateOne: { filter: op.filter, update: op.update, upsert: true } };
      }
      const op = messageStatusOp(write.accountId, write.messageId, write.status, write.error, stamp);
      return { updateOne: { filter: op.filter, update: op.update } };
    });
    const failed = new Map<number, Error>();
    let result: BulkWriteResult;
    try {
      this.trace?.debug({ writes: batch.map(describe) }, 'message writes: batch sent');
      result = await answeredWithin(this.messages.bulkWrite(ops, { ordered: false }), this.answerWithinMs);
    } catch (error) {
      // Unordered: a refused write (e.g. a duplicate key) fails alone; the others were applied.
      const refused = refusedWrites(error);
      if (!refused) {
        this.trace?.debug({ writes: batch.map(describe), err: error }, 'message writes: batch failed');
        throw failureOf(error);
      }
      result = (error as MongoBulkWriteError).result;
      for (const writeError of refused) {
        const { index, code, errmsg } = writeError as { index: number; code: number; errmsg?: string };
        failed.set(index, new MongoServerError({ message: errmsg ?? 'write failed', code }));
      }
    }
    const moved = await this.movedStatuses(batch, failed, result, stamp);
    if (this.trace) this.traceAnswer(this.trace, batch, failed, result, moved);
    batch.forEach((pending, index) => {
      const error = failed.get(index);
      if (error) pending.reject(error);
      else if (pending.write.kind === 'insert') pending.resolve(result.upsertedIds[index] !== undefined);
      else pending.resolve(moved.has(index));
    });
  }

  /** Each write's outcome: inserted, already there, moved, not moved, or refused. */
  private traceAnswer(
    trace: MessageTrace,
    batch: Pending[],
    failed: Map<number, Error>,
    result: BulkWriteResult,
    moved: Set<number>,
  ): void {
    const outcomes = batch.map(({ write }, index) => {
      const outcome = failed.has(index)
        ? `refused: ${failed.get(index)?.message}`
        : write.kind === 'insert'
          ? result.upsertedIds[index] !== undefined
            ? 'inserted'
            : 'existed'
          : moved.has(index)
            ? 'moved'
            : 'not moved';
      return `${describe({ write })} ${outcome}`;
    });
    trace.debug({ writes: outcomes }, 'message writes: batch answered');
  }

  /**
   * Which status writes moved their message. A bulk result only counts modifications, so when
   * every status write modified its document (the usual case) they all moved; otherwise the
   * documents are read back: a write moved its message iff the message now has its status and this
   * batch's stamp or a later one. (Only this worker writes an owned account's messages and it
   * writes one batch at a time, so no later status move can hide one of this batch's.)
   */
  private async movedStatuses(
    batch: Pending[],
    failed: Map<number, Error>,
    result: BulkWriteResult,
    stamp: Date,
  ): Promise<Set<number>> {
    const statusIndexes = batch.flatMap((pending, index) =>
      pending.write.kind === 'status' && !failed.has(index) ? [index] : [],
    );
    if (result.modifiedCount === statusIndexes.length) return new Set(statusIndexes);
    if (result.modifiedCount === 0) return new Set();
    const writes = statusIndexes.map((index) => batch[index]!.write as Extract<Write, { kind: 'status' }>);
    const docs = await this.messages
      .find(
        { $or: writes.map((write) => ({ accountId: write.accountId, messageId: write.messageId })) },
        { projection: { _id: 0, accountId: 1, messageId: 1, status: 1, updatedAt: 1 } },
      )
      .toArray();
    const now = new Map(docs.map((doc) => [keyOf(doc.accountId, doc.messageId), doc]));
    return new Set(
      statusIndexes.filter((_index, i) => {
        const doc = now.get(writes[i]!.key);
        return doc?.status === writes[i]!.status && doc.updatedAt.getTime() >= stamp.getTime();
      }),
    );
  }
}

/**
 * The write errors of a bulk write the server answered, refusing some writes (the others were
 * applied). The driver also wraps its own failures (a connection closed, no server selected, a
 * pool cleared) in a MongoBulkWriteError, with an empty result and no write errors: nothing is
 * known to be applied then. Read as "applied", every insert of such a batch answered "stored
 * before" and every status move "not moved", so a receipt or a `sent` met during a database
 * outage was dropped without an error (seen in the e2e devdb outage).
 */
function refusedWrites(error: unknown): unknown[] | undefined {
  if (!(error instanceof MongoBulkWriteError) || !error.result) return undefined;
  const writeErrors = ([] as unknown[]).concat(error.writeErrors ?? []);
  return writeErrors.length > 0 ? writeErrors : undefined;
}

/** The driver's own error inside its bulk-write wrapper, so callers see an outage as one. */
function failureOf(error: unknown): unknown {
  const inner = (error as { errorResponse?: unknown } | undefined)?.errorResponse;
  return error instanceof MongoBulkWriteError && inner instanceof Error ? inner : error;
}

/** `insert acc/id` or `status acc/id→sent`: one write in a trace line. */
function describe({ write }: Pick<Pending, 'write'>): string {
  if (write.kind === 'insert') return `insert ${write.message.accountId}/${write.message.messageId}`;
  return `status ${write.accountId}/${write.messageId}→${write.status}`;
}

function keyOf(accountId: string, messageId: string): string {
  return `${accountId}\u0000${messageId}`;
}
