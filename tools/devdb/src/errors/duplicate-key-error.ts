import type { Document } from 'bson';
import { formatKeyValue } from '../engine/format-value.js';

/** A unique index (or `_id`) refused a write; carries the fields the driver exposes on MongoServerError. */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
  readonly code = 11000;
  readonly codeName = 'DuplicateKey';

  constructor(
    readonly ns: string,
    readonly indexName: string,
    readonly keyPattern: Document,
    readonly keyValue: Document,
  ) {
    super(
      `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatKeyValue(keyValue)}`,
    );
  }

  /** The reply fields mongod adds next to errmsg/code, in writeErrors entries and command errors alike. */
  details(): Document {
    return { keyPattern: this.keyPattern, keyValue: this.keyValue };
  }
}
