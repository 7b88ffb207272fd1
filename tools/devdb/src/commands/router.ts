import type { Document } from 'bson';
import { CommandError } from '../errors/command-error.js';
import { DuplicateKeyError } from '../errors/duplicate-key-error.js';
import { aggregate } from './aggregate.js';
import {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  renameCollection,
} from './collections.js';
import type { CommandContext, CommandHandler } from './context.js';
import { deleteCommand } from './delete.js';
import { findAndModify } from './find-and-modify.js';
import {
  buildInfo,
  connectionStatus,
  getCmdLineOpts,
  getParameter,
  hello,
  hostInfo,
  ok,
  whatsMyUri,
} from './handshake.js';
import { createIndexes, dropIndexes, listIndexes } from './indexes.js';
import { insert } from './insert.js';
import { count, distinct, find, getMore, killCursors } from './read.js';
import { update } from './update.js';

/** Keyed by lower-case name: mongod accepts both `isMaster` and `ismaster`, `findAndModify` and `findandmodify`. */
const HANDLERS = new Map<string, CommandHandler>(
  Object.entries({
    hello,
    ismaster: hello,
    ping: ok,
    buildinfo: buildInfo,
    hostinfo: hostInfo,
    getcmdlineopts: getCmdLineOpts,
    getparameter: getParameter,
    whatsmyuri: whatsMyUri,
    connectionstatus: connectionStatus,
    endsessions: ok,
    killallsessions: ok,
    insert,
    update,
    delete: deleteCommand,
    findandmodify: findAndModify,
    find,
    getmore: getMore,
    killcursors: killCursors,
    count,
    distinct,
    aggregate,
    createindexes: createIndexes,
    listindexes: listIndexes,
    dropindexes: dropIndexes,
    deleteindexes: dropIndexes,
    listcollections: listCollections,
    create,
    drop,
    dropdatabase: dropDatabase,
    renamecollection: renameCollection,
    listdatabases: listDatabases,
  }),
);

/** `{ ok: 0, ... }` for any thrown value; unexpected exceptions become InternalError, never a crash. */
export function errorReply(error: unknown): Document {
  if (error instanceof DuplicateKeyError) {
    return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, ...error.details() };
  }
  if (error instanceof CommandError)
    return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, ...error.extra };
  const message = error instanceof Error ? error.message : String(error);
  // mingo reports bad operators and expressions as plain errors; to a client they are bad input.
  return { ok: 0, errmsg: message, code: 2, codeName: 'BadValue' };
}

/** Runs one command document against `context.db`; always returns a reply document. */
export function runCommand(body: Document, context: CommandContext): Document {
  const name = Object.keys(body)[0];
  if (name === undefined) return errorReply(new CommandError(59, 'CommandNotFound', "no such command: ''"));
  const handler = HANDLERS.get(name.toLowerCase());
  if (!handler) return errorReply(new CommandError(59, 'CommandNotFound', `no such command: '${name}'`));
  if (body.autocommit === false || body.startTransaction === true) {
    // Same answer a real standalone gives, so code that needs transactions fails here as in production.
    return errorReply(
      new CommandError(
        20,
        'IllegalOperation',
        'Transaction numbers are only allowed on a replica set member or mongos',
      ),
    );
  }
  try {
    return handler(body, context);
  } catch (error) {
    return errorReply(error);
  }
}
