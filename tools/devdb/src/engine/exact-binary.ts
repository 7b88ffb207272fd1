import { Binary, UUID } from 'bson';
import { isPlainObject } from './bson-kind.js';

/**
 * bson's Binary stringifies as lossy UTF-8, and mingo decides equality of class instances by
 * `toString()`, so two different byte strings could match each other in a filter. This subclass
 * stringifies as length + subtype + hex, which is exact and sorts like MongoDB's BinData order.
 * It serializes exactly as a Binary (the serializer goes by `_bsontype`).
 */
export class ExactBinary extends Binary {
  override toString(encoding?: 'hex' | 'base64' | 'utf8' | 'utf-8'): string {
    if (encoding) return super.toString(encoding);
    const length = this.position.toString(16).padStart(8, '0');
    const subtype = this.sub_type.toString(16).padStart(2, '0');
    return `${length}${subtype}${super.toString('hex')}`;
  }
}

/** Replaces every `Binary` inside a freshly deserialized value with a compact ExactBinary (in place). */
export function adoptBinaries(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = adoptBinaries(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const inner = value[key];
      if (inner !== null && typeof inner === 'object') value[key] = adoptBinaries(inner);
    }
    return value;
  }
  if (value instanceof Binary) {
    // Copy the bytes: a view would pin the whole incoming frame (up to 48 MB) in memory.
    const bytes = Buffer.from(value.buffer.subarray(0, value.position));
    if (value.constructor === Binary) return new ExactBinary(bytes, value.sub_type);
    if (value instanceof UUID) return new UUID(bytes);
  }
  return value;
}
