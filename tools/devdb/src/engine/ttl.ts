import { encodeKey } from './key-encoding.js';
import { valuesAtPath } from './paths.js';
import type { Store } from './store.js';

/**
 * One pass of mongod's TTL monitor: for single-field indexes with expireAfterSeconds, removes
 * documents whose earliest date in that field is older than the window. Non-dates never expire.
 */
export function expireDocuments(store: Store, now = Date.now()): number {
  let removed = 0;
  for (const dbName of store.databaseNames()) {
    for (const collection of store.collections(dbName)) {
      for (const index of collection.indexes.values()) {
        const seconds = index.spec.expireAfterSeconds;
        if (typeof seconds !== 'number' || index.fields.length !== 1) continue;
        const cutoff = now - seconds * 1000;
        const expired = [...collection.docs.values()].filter((doc) => {
          const dates = valuesAtPath(doc, index.fields[0]!).filter(
            (value): value is Date => value instanceof Date,
          );
          return dates.length > 0 && Math.min(...dates.map((date) => date.getTime())) <= cutoff;
        });
        for (const doc of expired) collection.remove(encodeKey(doc._id));
        removed += expired.length;
      }
    }
  }
  return removed;
}
