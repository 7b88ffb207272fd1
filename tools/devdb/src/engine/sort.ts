import type { Document } from 'bson';
import { CommandError } from '../errors/command-error.js';
import { compareValues } from './compare.js';
import { valuesAtPath } from './paths.js';

export type SortSpec = Record<string, unknown>;

/** Normalises a sort direction; `{ $meta }` and other forms are refused like mongod does. */
function direction(value: unknown): 1 | -1 {
  if (value === 1 || value === -1) return value;
  throw new CommandError(
    15974,
    'Location15974',
    `Illegal key in $sort specification: ${JSON.stringify(value)}`,
  );
}

/** The value a document sorts by on one key: arrays sort by their min (asc) or max (desc) element. */
function sortKey(doc: Document, path: string, dir: 1 | -1): unknown {
  const values = valuesAtPath(doc, path);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const order = compareValues(values[i], best);
    if (dir === 1 ? order < 0 : order > 0) best = values[i];
  }
  return best;
}

/**
 * Sorts documents with MongoDB's ordering (mixed types, null == missing, compound keys). The sort is
 * stable, so ties keep natural (insertion) order, which makes paging deterministic.
 */
export function sortDocuments(docs: Document[], spec: SortSpec | undefined): Document[] {
  const entries = Object.entries(spec ?? {});
  if (entries.length === 0) return docs;
  if (entries.length === 1 && entries[0]![0] === '$natural') {
    return direction(entries[0]![1]) === 1 ? docs : docs.slice().reverse();
  }
  const keys = entries.map(([path, dir]) => ({ path, dir: direction(dir) }));
  const decorated = docs.map((doc) => ({ doc, values: keys.map((k) => sortKey(doc, k.path, k.dir)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareValues(a.values[i], b.values[i]);
      if (order !== 0) return order * keys[i]!.dir;
    }
    return 0;
  });
  return decorated.map((entry) => entry.doc);
}
