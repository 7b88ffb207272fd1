import type { Document } from 'bson';
import { withIdFirst } from '../engine/collection.js';
import { type CommandContext, collectionName } from './context.js';
import { runStatements, statementsOf } from './write-errors.js';

/** insert: `_id` is generated (and moved first) server-side when the client did not send one. */
export function insert(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'insert');
  const documents = statementsOf(command, 'documents');
  const collection = context.store.obtain(context.db, name);
  let n = 0;
  const writeErrors = runStatements(documents, command.ordered !== false, (doc) => {
    collection.insert(withIdFirst(doc));
    n++;
  });
  return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}
