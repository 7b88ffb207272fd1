import type { Document } from 'bson';
import { compareValues } from '../engine/compare.js';
import { findDocuments, matchDocuments } from '../engine/find-documents.js';
import { encodeKey } from '../engine/key-encoding.js';
import { mingoOptions } from '../engine/mingo-options.js';
import { EMPTY_ARRAY, valuesAtPath } from '../engine/paths.js';
import { CommandError } from '../errors/command-error.js';
import { type CommandContext, collectionName, optionalDocument, optionalNumber } from './context.js';

/** find: results are materialised and served through a server-side cursor. */
export function find(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'find');
  const limit = optionalNumber(command, 'limit') ?? 0;
  const docs = findDocuments(
    context.store.get(context.db, name),
    {
      filter: optionalDocument(command, 'filter'),
      sort: optionalDocument(command, 'sort'),
      projection: optionalDocument(command, 'projection'),
      skip: optionalNumber(command, 'skip'),
      limit,
    },
    mingoOptions(command),
  );
  return context.cursors.open(`${context.db}.${name}`, docs, optionalNumber(command, 'batchSize'), {
    singleBatch: command.singleBatch === true || limit < 0,
    noTimeout: command.noCursorTimeout === true,
  });
}

export function getMore(command: Document, context: CommandContext): Document {
  const collection = collectionName(command, 'collection');
  return context.cursors.getMore(command.getMore, collection, optionalNumber(command, 'batchSize'));
}

export function killCursors(command: Document, context: CommandContext): Document {
  const ids = command.cursors;
  if (!Array.isArray(ids))
    throw new CommandError(9, 'FailedToParse', "BSON field 'cursors' is missing but a required field");
  const { killed, notFound } = context.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

/** count (also what estimatedDocumentCount sends). */
export function count(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'count');
  const collection = context.store.get(context.db, name);
  const query = optionalDocument(command, 'query');
  let n =
    !query || Object.keys(query).length === 0
      ? (collection?.docs.size ?? 0)
      : matchDocuments(collection, query, mingoOptions(command)).length;
  n = Math.max(0, n - Math.max(0, optionalNumber(command, 'skip') ?? 0));
  const limit = Math.abs(optionalNumber(command, 'limit') ?? 0);
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
}

/** distinct: array fields contribute their elements; values come back in BSON order. */
export function distinct(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'distinct');
  const key = command.key;
  if (typeof key !== 'string')
    throw new CommandError(14, 'TypeMismatch', "BSON field 'key' must be a string");
  const docs = matchDocuments(
    context.store.get(context.db, name),
    optionalDocument(command, 'query'),
    mingoOptions(command),
  );
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined || value === EMPTY_ARRAY) continue;
      const encoded = encodeKey(value);
      if (!seen.has(encoded)) seen.set(encoded, value);
    }
  }
  return { values: [...seen.values()].sort(compareValues), ok: 1 };
}
