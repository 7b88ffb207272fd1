import type { Document } from 'bson';
import { Query } from 'mingo';
import type { Options } from 'mingo/types';
import { cloneValue, isPlainObject } from './bson-kind.js';
import type { Collection } from './collection.js';
import { compileFilter } from './mingo-options.js';
import { candidateDocs } from './query-planner.js';
import { type SortSpec, sortDocuments } from './sort.js';

export interface FindSpec {
  filter?: Document;
  sort?: SortSpec;
  skip?: number;
  /** 0 or absent: no limit. */
  limit?: number;
  projection?: Document;
}

/** Matching documents in natural order (unsorted, unprojected): the shared core of every read and write. */
export function matchDocuments(
  collection: Collection | undefined,
  filter: unknown,
  options: Partial<Options>,
): Document[] {
  // Compile first: a bad filter is an error even when the collection does not exist, as in mongod.
  const test = compileFilter(filter, options);
  if (!collection) return [];
  const out: Document[] = [];
  for (const doc of candidateDocs(collection, filter, options.collation !== undefined))
    if (test(doc)) out.push(doc);
  return out;
}

/** Applies a find projection; mingo's exclusion projection edits nested objects, so it works on copies. */
export function projectDocuments(
  docs: Document[],
  projection: unknown,
  filter: unknown,
  options: Partial<Options>,
): Document[] {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return docs;
  const condition = isPlainObject(filter) ? filter : {};
  return new Query(condition, options).find<Document>(docs.map(cloneValue), projection).all();
}

/** filter -> sort -> skip -> limit -> projection, as the find command orders them. */
export function findDocuments(
  collection: Collection | undefined,
  spec: FindSpec,
  options: Partial<Options>,
): Document[] {
  let docs = sortDocuments(matchDocuments(collection, spec.filter, options), spec.sort);
  const skip = Math.max(0, spec.skip ?? 0);
  const limit = Math.abs(spec.limit ?? 0);
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  return projectDocuments(docs, spec.projection, spec.filter, options);
}
