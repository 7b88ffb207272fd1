import { isPlainObject } from './bson-kind.js';

/** Marks an empty array reached at the end of a path: it indexes and sorts unlike null. */
export const EMPTY_ARRAY: unique symbol = Symbol('empty array');

const isIndex = (part: string): boolean => /^\d+$/.test(part);

/**
 * Every value a dotted path reaches, descending into arrays the way MongoDB's multikey indexes
 * and sorts do. A path that reaches nothing yields `[undefined]` (missing sorts and indexes as null).
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length === 0 ? [undefined] : out;
}

function collect(value: unknown, parts: string[], at: number, out: unknown[]): void {
  if (at === parts.length) {
    if (!Array.isArray(value)) out.push(value);
    else if (value.length === 0) out.push(EMPTY_ARRAY);
    else out.push(...value);
    return;
  }
  const part = parts[at]!;
  if (Array.isArray(value)) {
    if (isIndex(part)) collect(value[Number(part)], parts, at + 1, out);
    else for (const element of value) if (isPlainObject(element)) collect(element, parts, at, out);
    return;
  }
  if (isPlainObject(value) && Object.hasOwn(value, part)) collect(value[part], parts, at + 1, out);
}

/** The single value at a dotted path without array expansion (undefined when missing). */
export function getPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current) && isIndex(part)) current = current[Number(part)];
    else if (isPlainObject(current) && Object.hasOwn(current, part)) current = current[part];
    else return undefined;
  }
  return current;
}

/** Sets a dotted path, creating intermediate documents (used to seed upserts from a filter). */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!isPlainObject(next)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]!] = value;
}
