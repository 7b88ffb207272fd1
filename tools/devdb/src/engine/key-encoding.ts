import { EJSON } from 'bson';
import { bsonTag, isNumeric, isPlainObject, toNumber } from './bson-kind.js';

/**
 * Encodes a value into a string that is equal for values MongoDB treats as equal in an index
 * (1, 1.0 and Long(1) collide; null and missing collide), so Maps can serve as hash indexes.
 */
export function encodeKey(value: unknown): string {
  if (value === undefined || value === null) return 'N';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${Object.is(value, -0) ? 0 : value}`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'bigint':
      return `n${Number.isSafeInteger(Number(value)) ? Number(value) : value}`;
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof RegExp) return `r${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `a${JSON.stringify(value.map(encodeKey))}`;
  if (isPlainObject(value)) {
    const pairs = Object.keys(value).map((key) => [key, encodeKey(value[key])]);
    return `o${JSON.stringify(pairs)}`;
  }
  if (isNumeric(value)) {
    const asNumber = toNumber(value);
    if (bsonTag(value) !== 'Decimal128' && !Number.isSafeInteger(asNumber) && Number.isInteger(asNumber)) {
      return `n${String(value)}`;
    }
    return `n${asNumber}`;
  }
  const tag = bsonTag(value);
  if (tag === 'ObjectId') return `i${(value as { toHexString(): string }).toHexString()}`;
  if (tag === 'Binary') {
    const binary = value as { sub_type: number; toString(encoding: 'base64'): string };
    return `b${binary.sub_type}:${binary.toString('base64')}`;
  }
  return `x${EJSON.stringify(value as never, { relaxed: false })}`;
}

/** Key of a compound index entry (one value per indexed field). */
export function encodeCompoundKey(values: readonly unknown[]): string {
  return values.length === 1 ? encodeKey(values[0]) : JSON.stringify(values.map(encodeKey));
}
