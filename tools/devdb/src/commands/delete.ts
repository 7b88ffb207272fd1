import type { Document } from 'bson';
import { matchDocuments } from '../engine/find-documents.js';
import { encodeKey } from '../engine/key-encoding.js';
import { mingoOptions } from '../engine/mingo-options.js';
import { type CommandContext, collectionName } from './context.js';
import { runStatements, statementsOf } from './write-errors.js';

/** delete: `limit: 1` removes the first match in natural order, `limit: 0` all matches. */
export function deleteCommand(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'delete');
  const statements = statementsOf(command, 'deletes');
  let n = 0;
  const writeErrors = runStatements(statements, command.ordered !== false, (statement) => {
    const collection = context.store.get(context.db, name);
    if (!collection) return;
    let targets = matchDocuments(collection, statement.q, mingoOptions(statement));
    if (Number(statement.limit) === 1) targets = targets.slice(0, 1);
    for (const target of targets) collection.remove(encodeKey(target._id));
    n += targets.length;
  });
  return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}
