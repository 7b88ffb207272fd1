import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Document, serialize } from 'bson';
import { decodeDocument } from '../engine/bson-codec.js';
import type { Collection } from '../engine/collection.js';
import type { Store } from '../engine/store.js';
import { syncDirectory } from './sync-directory.js';

/**
 * On-disk layout: `<dataDir>/<db>/<collection>.bson`, each file a header document
 * `{ devdb: 1, db, name, indexes, lsn }` followed by the collection's documents in natural order;
 * `lsn` is the journal sequence number the snapshot includes (journal entries up to it are
 * already in the file).
 */
const EXTENSION = '.bson';
const TEMP_MARKER = '.tmp-';
let tempCounter = 0;

export function collectionFile(dataDir: string, dbName: string, collName: string): string {
  return join(dataDir, encodeURIComponent(dbName), encodeURIComponent(collName) + EXTENSION);
}

/** Snapshot of a collection as file contents; taken synchronously so it reflects one instant. */
export function encodeCollection(collection: Collection, lsn: number): Buffer {
  const header = {
    devdb: 1,
    db: collection.dbName,
    name: collection.name,
    indexes: collection.indexSpecs().slice(1),
    lsn,
  };
  const parts: Uint8Array[] = [serialize(header)];
  for (const doc of collection.docs.values()) parts.push(serialize(doc));
  return Buffer.concat(parts);
}

/**
 * Writes via temp file + rename so a crash mid-write never leaves a torn collection file; synced,
 * because the journal segments it replaces are deleted once it is written.
 */
export async function writeAtomically(file: string, contents: Buffer): Promise<void> {
  const dir = join(file, '..');
  await mkdir(dir, { recursive: true });
  const temp = `${file}${TEMP_MARKER}${process.pid}-${tempCounter++}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(contents);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDirectory(dir);
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
  await syncDirectory(join(file, '..')).catch(() => undefined);
}

function readCollectionFile(file: string): { header: Document; docs: Document[] } {
  const bytes = readFileSync(file);
  const docs: Document[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = bytes.readInt32LE(at);
    if (size < 5 || at + size > bytes.length)
      throw new Error(`devdb: corrupt data file ${file} at byte ${at}`);
    docs.push(decodeDocument(bytes.subarray(at, at + size)));
    at += size;
  }
  const header = docs.shift();
  if (header?.devdb !== 1) throw new Error(`devdb: ${file} is not a devdb data file`);
  return { header: header!, docs };
}

/**
 * Loads every collection under `dataDir` into `store`; leftover temp files from a crash are
 * removed. Returns each collection's snapshot lsn, keyed `db\0collection`.
 */
export function loadDataDir(dataDir: string, store: Store): Map<string, number> {
  const snapshotLsn = new Map<string, number>();
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    return snapshotLsn;
  }
  for (const dbDir of readdirSync(dataDir)) {
    const dbPath = join(dataDir, dbDir);
    if (!statSync(dbPath).isDirectory()) continue;
    for (const entry of readdirSync(dbPath)) {
      const file = join(dbPath, entry);
      if (entry.includes(TEMP_MARKER)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!entry.endsWith(EXTENSION)) continue;
      const { header, docs } = readCollectionFile(file);
      store.restore(String(header.db), String(header.name), (header.indexes as Document[]) ?? [], docs);
      snapshotLsn.set(`${header.db}\0${header.name}`, Number(header.lsn ?? 0));
    }
  }
  return snapshotLsn;
}
