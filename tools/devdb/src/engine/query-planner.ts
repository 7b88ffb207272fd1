import type { Document } from 'bson';
import { isPlainObject } from './bson-kind.js';
import type { Collection } from './collection.js';
import { encodeCompoundKey, encodeKey } from './key-encoding.js';

const UNUSABLE = Symbol('unusable');

/** A value an index point lookup can serve (no operators, regexes, arrays or nulls). */
function pointValue(condition: unknown): unknown {
  let value = condition;
  if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== '$eq') return UNUSABLE;
    value = value.$eq;
  }
  if (value === null || value === undefined || value instanceof RegExp || Array.isArray(value))
    return UNUSABLE;
  if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) return UNUSABLE;
  return value;
}

function lookupIds(collection: Collection, ids: unknown[]): Document[] {
  const out: Document[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const key = encodeKey(id);
    const doc = collection.docs.get(key);
    if (doc && !seen.has(key)) {
      seen.add(key);
      out.push(doc);
    }
  }
  return out;
}

/**
 * Narrows the documents a filter has to be tested against using `_id` and unique indexes, so point
 * reads and writes on big collections are O(1). The caller still applies the full filter to the
 * candidates; with a collation (case-insensitive equality) every document is a candidate.
 */
export function candidateDocs(
  collection: Collection,
  filter: unknown,
  hasCollation = false,
): Iterable<Document> {
  if (!isPlainObject(filter) || hasCollation) return collection.docs.values();
  return indexedCandidates(collection, filter) ?? collection.docs.values();
}

/** The candidates an index lookup finds for `filter`, or undefined when it takes a scan. */
function indexedCandidates(collection: Collection, filter: Document): Document[] | undefined {
  if ('_id' in filter) {
    const id = pointValue(filter._id);
    if (id !== UNUSABLE) return lookupIds(collection, [id]);
    const inList = isPlainObject(filter._id) ? filter._id.$in : undefined;
    if (Array.isArray(inList) && Object.keys(filter._id as Document).length === 1) {
      if (inList.every((value) => pointValue(value) !== UNUSABLE)) return lookupIds(collection, inList);
    }
  }
  for (const index of collection.indexes.values()) {
    if (!index.unique || index.spec.partialFilterExpression) continue;
    const values = index.fields.map((field) => (field in filter ? pointValue(filter[field]) : UNUSABLE));
    if (values.includes(UNUSABLE)) continue;
    const owner = index.entries.get(encodeCompoundKey(values));
    const doc = owner === undefined ? undefined : collection.docs.get(owner);
    return doc ? [doc] : [];
  }
  // `{$or: [point lookups…]}` (e.g. many messages by (accountId, messageId) at once): the union of
  // each branch's lookup instead of a scan, when every branch has one.
  if (Array.isArray(filter.$or) && filter.$or.length > 0) {
    const seen = new Set<Document>();
    for (const branch of filter.$or as unknown[]) {
      const found = isPlainObject(branch) ? indexedCandidates(collection, branch) : undefined;
      if (!found) return undefined;
      for (const doc of found) seen.add(doc);
    }
    return [...seen];
  }
  return undefined;
}
