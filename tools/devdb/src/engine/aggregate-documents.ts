import type { Document } from 'bson';
import { Aggregator, Context } from 'mingo';
import { Lazy } from 'mingo/lazy';
import type { Options, PipelineOperator } from 'mingo/types';
import { CommandError } from '../errors/command-error.js';
import { cloneValue, isPlainObject } from './bson-kind.js';
import type { Collection } from './collection.js';
import { matchDocuments } from './find-documents.js';
import { sortDocuments } from './sort.js';

/** Stages that build new output documents and never write into their input. */
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$count', '$group', '$sortByCount']);
const UNSUPPORTED_STAGES = new Set([
  '$out',
  '$merge',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$changeStream',
]);

// $sort uses the server's own comparator so aggregate and find order mixed types identically.
const sortStage = ((collection: ReturnType<typeof Lazy>, spec: Document) =>
  collection.transform((docs: Document[]) => Lazy(sortDocuments(docs, spec)))) as unknown as PipelineOperator;
const SORT_CONTEXT = Context.init({ pipeline: { $sort: sortStage } });

export interface AggregateInput {
  collection: Collection | undefined;
  pipeline: unknown;
  options: Partial<Options>;
  /** Other collections of the same database, for $lookup/$unionWith/$graphLookup. */
  resolve: (name: string) => Collection | undefined;
}

/** Runs a pipeline with mingo; a leading $match is served through the index planner first. */
export function aggregateDocuments(input: AggregateInput): Document[] {
  if (!Array.isArray(input.pipeline))
    throw new CommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
  const stages = input.pipeline as Document[];
  const names = stages.map((stage) => {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError(
        40323,
        'Location40323',
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    return Object.keys(stage)[0]!;
  });
  const unsupported = names.find((name) => UNSUPPORTED_STAGES.has(name));
  if (unsupported)
    throw new CommandError(
      40324,
      'Location40324',
      `Unrecognized pipeline stage name: '${unsupported}' (not supported by devdb)`,
    );

  let source: Document[];
  let rest = stages;
  if (names[0] === '$match') {
    source = matchDocuments(input.collection, stages[0]!.$match, input.options);
    rest = stages.slice(1);
  } else {
    source = input.collection ? [...input.collection.docs.values()] : [];
  }
  const mutates = names.some((name) => !READ_ONLY_STAGES.has(name));
  if (mutates) source = source.map(cloneValue);
  const collectionResolver = (name: string): Document[] => {
    const docs = [...(input.resolve(name)?.docs.values() ?? [])];
    return mutates ? docs.map(cloneValue) : docs;
  };
  const options: Partial<Options> = { ...input.options, collectionResolver };
  if (!input.options.collation) Object.assign(options, { context: SORT_CONTEXT });
  if (rest.length === 0) return source;
  return new Aggregator(rest, options).run<Document>(source);
}
