import type { Document } from 'bson';
import { isPlainObject } from '../engine/bson-kind.js';
import type { IndexSpec } from '../engine/collection-index.js';
import { CommandError } from '../errors/command-error.js';
import { type CommandContext, collectionName } from './context.js';

function namespaceNotFound(db: string, name: string): CommandError {
  return new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${db}.${name}`);
}

/** mongod's default index name: `field_1_other_-1`. */
function defaultName(key: Document): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

export function createIndexes(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'createIndexes');
  const requested = command.indexes;
  if (!Array.isArray(requested) || requested.length === 0)
    throw new CommandError(2, 'BadValue', 'Must specify at least one index to create');
  const existed = context.store.get(context.db, name) !== undefined;
  const collection = context.store.obtain(context.db, name);
  const before = collection.indexSpecs().length;
  for (const raw of requested) {
    if (!isPlainObject(raw) || !isPlainObject(raw.key))
      throw new CommandError(
        9,
        'FailedToParse',
        "The 'key' field is a required property of an index specification",
      );
    const { v: _v, ns: _ns, key, name: given, ...options } = raw;
    const indexName = typeof given === 'string' ? given : defaultName(raw.key);
    collection.createIndex({ v: 2, key, name: indexName, ...options } as IndexSpec);
  }
  const after = collection.indexSpecs().length;
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: !existed,
  };
  if (before === after) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
}

export function listIndexes(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'listIndexes');
  const collection = context.store.get(context.db, name);
  if (!collection) throw namespaceNotFound(context.db, name);
  const batchSize = isPlainObject(command.cursor) ? command.cursor.batchSize : undefined;
  return context.cursors.open(`${context.db}.${name}`, collection.indexSpecs(), batchSize);
}

/** dropIndexes by name, by key pattern, by a list of names, or `'*'` for all but `_id_`. */
export function dropIndexes(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'dropIndexes');
  const collection = context.store.get(context.db, name);
  if (!collection) throw namespaceNotFound(context.db, name);
  const was = collection.indexSpecs().length;
  const which = command.index;
  if (which === '*') collection.dropAllIndexes();
  else if (typeof which === 'string') collection.dropIndex(which);
  else if (Array.isArray(which)) for (const indexName of which) collection.dropIndex(String(indexName));
  else if (isPlainObject(which)) {
    const match = collection.indexSpecs().find((spec) => JSON.stringify(spec.key) === JSON.stringify(which));
    if (!match)
      throw new CommandError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    collection.dropIndex(match.name);
  } else throw new CommandError(14, 'TypeMismatch', "BSON field 'index' must be a string, array or object");
  return { nIndexesWas: was, ok: 1 };
}
