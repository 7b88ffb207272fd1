import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Document, serialize } from 'bson';
import { decodeDocument } from '../engine/bson-codec.js';
import type { Collection } from '../engine/collection.js';
import type { Store } from '../engine/store.js';

/**
 * On-disk layout: `<dataDir>/<db>/<collection>.bson`, each file a header document
 * `{ devdb: 1, db, name, indexes }` followed by the collection's documents in natural order.
 */
const EXTENSION = '.bson';
const TEMP_MARKER = '.tmp-';
let tempCounter = 0;

export function collectionFile(dataDir: string, dbName: string, collName: string): string {
  return join(dataDir, encodeURIComponent(dbName), encodeURIComponent(collName) + EXTENSION);
}

/** Snapshot of a collection as file contents; taken synchronously so it reflects one instant. */
export function encodeCollection(collection: Collection): Buffer {
  const header = {
    devdb: 1,
    db: collection.dbName,
    name: collection.name,
    indexes: collection.indexSpecs().slice(1),
  };
  const parts: Uint8Array[] = [serialize(header)];
  for (const doc of collection.docs.values()) parts.push(serialize(doc));
  return Buffer.concat(parts);
}

/** Writes via temp file + rename so a crash mid-write never leaves a torn collection file. */
export async function writeAtomically(file: string, contents: Buffer): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temp = `${file}${TEMP_MARKER}${process.pid}-${tempCounter++}`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
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

/** Loads every collection under `dataDir` into `store`; leftover temp files from a crash are removed. */
export function loadDataDir(dataDir: string, store: Store): void {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    return;
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
    }
  }
}
