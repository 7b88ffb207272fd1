import type { Document } from 'bson';
import { cloneValue } from './bson-kind.js';

const SIMPLE = new Set(['$set', '$unset', '$inc', '$max', '$min']);
/** Operators served here only when both the stored value (if any) and the operand are JS numbers. */
const NUMERIC = new Set(['$inc', '$max', '$min']);

/** A top-level field name a direct assignment can serve: no path, no operator, not `_id`. */
function isSimpleField(name: string): boolean {
  return name !== '' && name !== '_id' && !name.includes('.') && !name.startsWith('$');
}

/**
 * Applies `$set`, `$unset`, and `$inc`/`$max`/`$min` of plain numbers, on top-level fields,
 * straight to `next` (a private copy), or answers false and changes nothing. mingo builds a fresh
 * operator context (hundreds of copied operator tables) for every update call, which made one
 * upsert cost about 0.5 ms of devdb CPU; these operators on top-level fields are nearly every
 * write the apps make (delivery records, chats, messages), and need none of it. Anything else (paths, positional operators, `_id`, BSON
 * numbers, other operators) returns false and goes through mingo as before.
 */
export function applySimpleOperators(next: Document, operators: Document): boolean {
  // The same field under two operators is a conflict mongod refuses; leave that to the full path.
  const seen = new Set<string>();
  for (const [op, fields] of Object.entries(operators) as Array<[string, Document]>) {
    if (!SIMPLE.has(op)) return false;
    for (const [name, value] of Object.entries(fields)) {
      if (!isSimpleField(name) || seen.has(name)) return false;
      seen.add(name);
      if (NUMERIC.has(op)) {
        const current = next[name];
        // NaN sorts below every number in MongoDB, unlike Math.max/min: leave it to mingo.
        if (typeof value !== 'number' || Number.isNaN(value)) return false;
        if (current !== undefined && (typeof current !== 'number' || Number.isNaN(current))) return false;
      }
    }
  }
  for (const [op, fields] of Object.entries(operators) as Array<[string, Document]>) {
    for (const [name, value] of Object.entries(fields)) {
      const current = next[name] as number | undefined;
      if (op === '$set') next[name] = cloneValue(value);
      else if (op === '$unset') delete next[name];
      else if (op === '$inc') next[name] = (current ?? 0) + (value as number);
      else if (op === '$max') next[name] = current === undefined ? value : Math.max(current, value as number);
      else next[name] = current === undefined ? value : Math.min(current, value as number);
    }
  }
  return true;
}
