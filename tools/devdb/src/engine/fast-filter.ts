import type { Document } from 'bson';
import { isPlainObject } from './bson-kind.js';

type Primitive = string | number | boolean;

function primitiveCondition(condition: unknown): Primitive | undefined {
  let value = condition;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== '$eq') return undefined;
    value = value.$eq;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  return undefined;
}

/**
 * A filter made only of top-level equalities to strings, numbers and booleans (`{_id: {$eq: id}}`,
 * `{accountId, messageId}`), tested without compiling a mingo Query, whose construction copies
 * mingo's operator tables and dominated devdb's CPU for point reads and writes. A document whose
 * field holds anything but a primitive (an array, a sub-document, a BSON number) is left to
 * `slow`, so the answer is always mingo's. Undefined when the filter has any other shape.
 */
export function primitiveEqualityTest(
  filter: Document,
  slow: () => (doc: Document) => boolean,
): ((doc: Document) => boolean) | undefined {
  const pairs: Array<[string, Primitive]> = [];
  for (const [name, condition] of Object.entries(filter)) {
    if (name === '' || name.startsWith('$') || name.includes('.')) return undefined;
    const value = primitiveCondition(condition);
    if (value === undefined) return undefined;
    pairs.push([name, value]);
  }
  let fallback: ((doc: Document) => boolean) | undefined;
  return (doc) => {
    for (const [name, value] of pairs) {
      const actual = doc[name];
      if (actual !== null && typeof actual === 'object') {
        fallback ??= slow();
        return fallback(doc);
      }
      if (actual !== value) return false;
    }
    return true;
  };
}
