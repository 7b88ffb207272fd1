import { type Document, UUID } from 'bson';
import type { Collection } from '../engine/collection.js';
import { compileFilter } from '../engine/mingo-options.js';
import { CommandError } from '../errors/command-error.js';
import { type CommandContext, collectionName, optionalDocument } from './context.js';

function describe(collection: Collection, nameOnly: boolean): Document {
  if (nameOnly) return { name: collection.name, type: 'collection' };
  return {
    name: collection.name,
    type: 'collection',
    options: {},
    info: { readOnly: false, uuid: new UUID(collection.uuid) },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  };
}

export function listCollections(command: Document, context: CommandContext): Document {
  const nameOnly = command.nameOnly === true;
  const all = context.store.collections(context.db).map((collection) => describe(collection, nameOnly));
  const filter = optionalDocument(command, 'filter');
  const batchSize = optionalDocument(command, 'cursor')?.batchSize;
  const matching = all.filter(compileFilter(filter));
  return context.cursors.open(`${context.db}.$cmd.listCollections`, matching, batchSize);
}

export function create(command: Document, context: CommandContext): Document {
  context.store.create(context.db, collectionName(command, 'create'));
  return { ok: 1 };
}

/** drop succeeds on a missing collection, as mongod 7 does. */
export function drop(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'drop');
  const collection = context.store.get(context.db, name);
  const nIndexesWas = collection?.indexSpecs().length ?? 0;
  context.store.drop(context.db, name);
  return { nIndexesWas, ns: `${context.db}.${name}`, ok: 1 };
}

export function dropDatabase(_command: Document, context: CommandContext): Document {
  context.store.dropDatabase(context.db);
  return { dropped: context.db, ok: 1 };
}

function splitNamespace(value: unknown, field: string): [string, string] {
  const ns = typeof value === 'string' ? value : '';
  const dot = ns.indexOf('.');
  if (dot <= 0 || dot === ns.length - 1)
    throw new CommandError(73, 'InvalidNamespace', `Invalid ${field} namespace: ${ns}`);
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

/** renameCollection runs against admin with full namespaces, like mongod's. */
export function renameCollection(command: Document, context: CommandContext): Document {
  if (context.db !== 'admin')
    throw new CommandError(
      13,
      'Unauthorized',
      'renameCollection may only be run against the admin database.',
    );
  const from = splitNamespace(command.renameCollection, 'source');
  const to = splitNamespace(command.to, 'target');
  context.store.rename(from, to, command.dropTarget === true);
  return { ok: 1 };
}

export function listDatabases(command: Document, context: CommandContext): Document {
  const names = context.store.databaseNames();
  if (command.nameOnly === true) return { databases: names.map((name) => ({ name })), ok: 1 };
  const databases = names.map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
}
