import type { Document } from 'bson';
import { applyUpdate, buildUpsert, isOperatorUpdate, validateUpdate } from '../engine/apply-update.js';
import { sameDocument } from '../engine/bson-codec.js';
import { matchDocuments } from '../engine/find-documents.js';
import { encodeKey } from '../engine/key-encoding.js';
import { mingoOptions } from '../engine/mingo-options.js';
import { sortDocuments } from '../engine/sort.js';
import { CommandError } from '../errors/command-error.js';
import { type CommandContext, collectionName } from './context.js';
import { runStatements, statementsOf } from './write-errors.js';

/** update: each statement matches, then updates one or all matches, or upserts. */
export function update(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'update');
  const statements = statementsOf(command, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runStatements(statements, command.ordered !== false, (statement, index) => {
    const spec: unknown = statement.u;
    validateUpdate(spec);
    if (statement.multi && !Array.isArray(spec) && !isOperatorUpdate(spec)) {
      throw new CommandError(
        9,
        'FailedToParse',
        'multi update is not supported for replacement-style update',
      );
    }
    const options = mingoOptions(statement, undefined);
    const updateContext = {
      filter: statement.q,
      arrayFilters: statement.arrayFilters as Document[] | undefined,
      inserting: false,
      options,
    };
    const collection = context.store.get(context.db, name);
    let targets = matchDocuments(collection, statement.q, options);
    if (!statement.multi)
      targets = sortDocuments(targets, statement.sort as Document | undefined).slice(0, 1);
    if (targets.length === 0) {
      if (!statement.upsert) return;
      const doc = buildUpsert(spec, updateContext);
      context.store.obtain(context.db, name).insert(doc);
      n++;
      upserted.push({ index, _id: doc._id });
      return;
    }
    for (const target of targets) {
      const next = applyUpdate(target, spec, updateContext);
      n++;
      if (sameDocument(target, next)) continue;
      collection!.replace(encodeKey(target._id), next);
      nModified++;
    }
  });
  const reply: Document = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
}
