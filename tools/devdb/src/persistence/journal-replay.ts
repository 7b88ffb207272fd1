import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from 'bson';
import { decodeDocument } from '../engine/bson-codec.js';
import type { IndexSpec } from '../engine/collection-index.js';
import { encodeKey } from '../engine/key-encoding.js';
import type { Store } from '../engine/store.js';
import { segmentFiles } from './journal.js';

/** What a replay found: the last sequence number and the collections it changed. */
export interface Replayed {
  lastLsn: number;
  touched: Array<[string, string]>;
}

function apply(store: Store, entry: Document): void {
  const dbName = String(entry.d);
  const collName = String(entry.c);
  switch (entry.op) {
    case 'put': {
      const collection = store.obtain(dbName, collName);
      const idKey = encodeKey(entry.doc._id);
      if (collection.docs.has(idKey)) collection.replace(idKey, entry.doc);
      else collection.insert(entry.doc);
      return;
    }
    case 'remove':
      store.get(dbName, collName)?.remove(encodeKey(entry.id));
      return;
    case 'createIndex':
      store.obtain(dbName, collName).createIndex(entry.spec as IndexSpec);
      return;
    case 'dropIndex':
      if (store.get(dbName, collName)?.indexes.has(String(entry.name)))
        store.get(dbName, collName)?.dropIndex(String(entry.name));
      return;
    case 'dropIndexes':
      store.get(dbName, collName)?.dropAllIndexes();
      return;
    case 'create':
      store.obtain(dbName, collName);
      return;
    case 'drop':
      store.drop(dbName, collName);
      return;
    default:
      throw new Error(`devdb: unknown journal operation ${String(entry.op)}`);
  }
}

/** The complete entries of one segment; a torn tail (a group cut short by a crash) was never
 * acknowledged and is where reading stops. */
function readSegment(file: string, log: (message: string) => void): Document[] {
  const bytes = readFileSync(file);
  const entries: Document[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = at + 4 <= bytes.length ? bytes.readInt32LE(at) : 0;
    let entry: Document | undefined;
    if (size >= 5 && at + size <= bytes.length) {
      try {
        entry = decodeDocument(bytes.subarray(at, at + size));
      } catch {
        entry = undefined;
      }
    }
    if (!entry) {
      log(`devdb: ${file}: ignoring ${bytes.length - at} bytes of an unfinished journal write`);
      break;
    }
    entries.push(entry);
    at += size;
  }
  return entries;
}

/**
 * Re-applies journaled changes newer than each collection's snapshot (`snapshotLsn`, keyed
 * `db\0collection`), oldest segment first, without announcing them as new changes.
 */
export function replayJournal(
  dataDir: string,
  store: Store,
  snapshotLsn: Map<string, number>,
  log: (message: string) => void,
): Replayed {
  let lastLsn = 0;
  const touched = new Map<string, [string, string]>();
  for (const segment of segmentFiles(dataDir)) {
    for (const entry of readSegment(join(dataDir, segment), log)) {
      const lsn = Number(entry.l);
      lastLsn = Math.max(lastLsn, lsn);
      const key = `${entry.d}\0${entry.c}`;
      if (lsn <= (snapshotLsn.get(key) ?? 0)) continue;
      store.quietly(() => apply(store, entry));
      touched.set(key, [String(entry.d), String(entry.c)]);
    }
  }
  return { lastLsn, touched: [...touched.values()] };
}
