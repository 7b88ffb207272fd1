/** Classifies values the way BSON does, so plain JS objects and BSON class instances are never confused. */

/** The `_bsontype` tag of a bson class instance (ObjectId, Binary, Long, ...), or undefined. */
export function bsonTag(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** A document-like object: `{}` literals and deserialized sub-documents, never a Date or bson class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when `value` is a number-like BSON value (double, int32, long, decimal128). */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  const tag = bsonTag(value);
  return tag === 'Long' || tag === 'Int32' || tag === 'Double' || tag === 'Decimal128';
}

/** Best-effort JS number for any numeric BSON value (precision loss beyond 2^53 is accepted). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tag = bsonTag(value);
  if (tag === 'Decimal128') return Number.parseFloat(String(value));
  if (tag === 'Long') return (value as { toNumber(): number }).toNumber();
  return Number((value as { valueOf(): unknown }).valueOf());
}

/** Copies plain objects and arrays; bson values and primitives are immutable here and are shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = cloneValue(value[key]);
    return out as T;
  }
  return value;
}
