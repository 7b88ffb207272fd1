import type { Document } from 'bson';
import { applyUpdate, buildUpsert, type UpdateSpec, validateUpdate } from '../engine/apply-update.js';
import { sameDocument } from '../engine/bson-codec.js';
import { matchDocuments, projectDocuments } from '../engine/find-documents.js';
import { encodeKey } from '../engine/key-encoding.js';
import { mingoOptions } from '../engine/mingo-options.js';
import { sortDocuments } from '../engine/sort.js';
import { CommandError } from '../errors/command-error.js';
import { type CommandContext, collectionName, optionalDocument } from './context.js';

/**
 * findAndModify (findOneAndUpdate/Replace/Delete). Errors, duplicate keys included, are command
 * errors here rather than writeErrors, exactly as mongod reports them.
 */
export function findAndModify(command: Document, context: CommandContext): Document {
  const name = collectionName(command, Object.keys(command)[0]!);
  const query = optionalDocument(command, 'query') ?? {};
  const fields = optionalDocument(command, 'fields');
  const spec = command.update as UpdateSpec | undefined;
  const remove = command.remove === true;
  if (remove && spec !== undefined)
    throw new CommandError(9, 'FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && (spec === undefined || spec === null)) {
    throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  }
  if (!remove) validateUpdate(spec);
  const options = mingoOptions(command);
  const collection = context.store.get(context.db, name);
  const [target] = sortDocuments(
    matchDocuments(collection, query, options),
    optionalDocument(command, 'sort'),
  );
  const project = (doc: Document | undefined): Document | null =>
    doc ? (projectDocuments([doc], fields, query, options)[0] ?? null) : null;

  if (remove) {
    if (target) collection!.remove(encodeKey(target._id));
    return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target), ok: 1 };
  }
  const updateContext = {
    filter: query,
    arrayFilters: command.arrayFilters as Document[] | undefined,
    inserting: false,
    options,
  };
  if (target) {
    const next = applyUpdate(target, spec!, updateContext);
    if (!sameDocument(target, next)) collection!.replace(encodeKey(target._id), next);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(command.new ? next : target),
      ok: 1,
    };
  }
  if (!command.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const doc = buildUpsert(spec!, updateContext);
  context.store.obtain(context.db, name).insert(doc);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
    value: command.new ? project(doc) : null,
    ok: 1,
  };
}
