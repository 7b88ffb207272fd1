import type { Document } from 'bson';
import { aggregateDocuments } from '../engine/aggregate-documents.js';
import { mingoOptions } from '../engine/mingo-options.js';
import { CommandError } from '../errors/command-error.js';
import { type CommandContext, optionalDocument } from './context.js';

/** aggregate: `{ aggregate: <coll> }` over a collection, or `{ aggregate: 1 }` for $documents pipelines. */
export function aggregate(command: Document, context: CommandContext): Document {
  const target = command.aggregate;
  if (command.explain)
    throw new CommandError(115, 'CommandNotSupported', 'explain is not supported by devdb');
  const cursorOptions = optionalDocument(command, 'cursor');
  if (!cursorOptions)
    throw new CommandError(
      9,
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  let name: string;
  if (typeof target === 'string' && target.length > 0) name = target;
  else if (target === 1) name = '$cmd.aggregate';
  else throw new CommandError(73, 'InvalidNamespace', `Invalid aggregate namespace: ${String(target)}`);
  const docs = aggregateDocuments({
    collection: typeof target === 'string' ? context.store.get(context.db, name) : undefined,
    pipeline: command.pipeline,
    options: mingoOptions(command),
    resolve: (other) => context.store.get(context.db, other),
  });
  return context.cursors.open(`${context.db}.${name}`, docs, cursorOptions.batchSize);
}
