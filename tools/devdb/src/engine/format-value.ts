import { bsonTag, isPlainObject } from './bson-kind.js';

/** Renders a value the way mongod prints it inside error messages (`dup key: { a: "x" }`). */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlainObject(value)) return formatKeyValue(value);
  switch (bsonTag(value)) {
    case 'ObjectId':
      return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
    case 'Binary': {
      const binary = value as { sub_type: number; toString(encoding: 'hex'): string };
      return `BinData(${binary.sub_type}, ${binary.toString('hex').toUpperCase()})`;
    }
    default:
      return String(value);
  }
}

/** `{ field: value, ... }` with mongod's spacing; `{}` when empty. */
export function formatKeyValue(doc: Record<string, unknown>): string {
  const parts = Object.keys(doc).map((key) => `${key}: ${formatValue(doc[key])}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}
