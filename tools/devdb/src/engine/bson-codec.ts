import { type Document, deserialize, serialize } from 'bson';
import { adoptBinaries } from './exact-binary.js';

/**
 * Decodes a BSON document into the in-memory form every engine module expects: numbers promoted
 * (so mingo's arithmetic and comparisons work), Binary kept as Binary (subtypes survive), and
 * Binary swapped for ExactBinary so filters on binary values compare bytes exactly.
 */
export function decodeDocument(bytes: Uint8Array): Document {
  const doc = deserialize(bytes, { promoteBuffers: false, promoteValues: true, bsonRegExp: false });
  adoptBinaries(doc);
  return doc;
}

/** Byte-for-byte equality, which is what decides whether an update "modified" a document. */
export function sameDocument(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}
