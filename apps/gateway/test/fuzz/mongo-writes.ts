import type { MongoClient } from 'mongodb';

/** Commands that may change data or schema; anything else (find, count, ping…) only reads. */
const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'renameCollection',
  'bulkWrite',
  'collMod',
]);

export interface WriteCounter {
  /** Writes that changed something so far, and `command collection` of each. */
  count(): number;
  touched(): string[];
  reset(): void;
}

type Reply = {
  n?: number;
  nModified?: number;
  upserted?: unknown[];
  lastErrorObject?: { n?: number; updatedExisting?: boolean };
};

/** Whether a write command's reply says it changed anything (a delete of nothing did not). */
function changed(command: string, reply: Reply): boolean {
  if (command === 'insert' || command === 'delete') return (reply.n ?? 0) > 0;
  if (command === 'update') return (reply.nModified ?? 0) > 0 || (reply.upserted?.length ?? 0) > 0;
  if (command === 'findAndModify') return (reply.lastErrorObject?.n ?? 0) > 0;
  return true;
}

/**
 * Counts the writes that changed data, for a client created with `monitorCommands: true`: the
 * fuzz suite's change counter for MongoDB, exact per request because inject runs one at a time.
 */
export function countWrites(client: MongoClient): WriteCounter {
  let count = 0;
  let touched: string[] = [];
  const pending = new Map<number, string>();
  client.on('commandStarted', (event) => {
    if (!WRITE_COMMANDS.has(event.commandName)) return;
    const target = (event.command as Record<string, unknown>)[event.commandName];
    pending.set(event.requestId, `${event.commandName} ${String(target)}`);
  });
  client.on('commandSucceeded', (event) => {
    const write = pending.get(event.requestId);
    if (write === undefined) return;
    pending.delete(event.requestId);
    if (!changed(event.commandName, event.reply as Reply)) return;
    count++;
    touched.push(write);
  });
  client.on('commandFailed', (event) => {
    pending.delete(event.requestId);
  });
  return {
    count: () => count,
    touched: () => touched,
    reset() {
      touched = [];
    },
  };
}
