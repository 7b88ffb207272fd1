import { bsonTag, isNumeric, isPlainObject, toNumber } from './bson-kind.js';
import { EMPTY_ARRAY } from './paths.js';

/** MongoDB's canonical BSON type order (MinKey < null < numbers < strings < ... < MaxKey). */
function typeRank(value: unknown): number {
  if (value === EMPTY_ARRAY) return 1.5;
  if (value === undefined || value === null) return 2;
  if (isNumeric(value)) return 3;
  if (typeof value === 'string') return 4;
  if (typeof value === 'boolean') return 9;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  if (Array.isArray(value)) return 6;
  if (isPlainObject(value)) return 5;
  switch (bsonTag(value)) {
    case 'MinKey':
      return 1;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MaxKey':
      return 14;
    default:
      return 5;
  }
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareNumbers(a: unknown, b: unknown): number {
  const x = toNumber(a);
  const y = toNumber(b);
  // MongoDB orders NaN below every other number.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return cmp(x, y);
}

function compareBinary(a: unknown, b: unknown): number {
  const x = a as { position: number; sub_type: number; buffer: Uint8Array };
  const y = b as { position: number; sub_type: number; buffer: Uint8Array };
  return (
    cmp(x.position, y.position) ||
    cmp(x.sub_type, y.sub_type) ||
    Buffer.compare(x.buffer.subarray(0, x.position), y.buffer.subarray(0, y.position))
  );
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  for (let i = 0; i < Math.min(keysA.length, keysB.length); i++) {
    const ka = keysA[i]!;
    const kb = keysB[i]!;
    const order = cmp(typeRank(a[ka]), typeRank(b[kb])) || cmp(ka, kb) || compareValues(a[ka], b[kb]);
    if (order !== 0) return order;
  }
  return cmp(keysA.length, keysB.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return cmp(a.length, b.length);
}

/** Total order over BSON values exactly as MongoDB sorts them (simple binary collation). */
export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return cmp(rankA, rankB);
  switch (rankA) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return cmp(String(a), String(b));
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareBinary(a, b);
    case 8:
      return cmp(
        (a as { toHexString(): string }).toHexString(),
        (b as { toHexString(): string }).toHexString(),
      );
    case 9:
      return cmp(Number(a), Number(b));
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as { compare(other: unknown): number }).compare(b);
    case 12:
      return cmp(String(a), String(b));
    default:
      return 0;
  }
}
