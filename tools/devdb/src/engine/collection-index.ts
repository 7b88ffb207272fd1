import type { Document } from 'bson';
import { CommandError } from '../errors/command-error.js';
import { encodeCompoundKey } from './key-encoding.js';
import { compileFilter } from './mingo-options.js';
import { EMPTY_ARRAY, valuesAtPath } from './paths.js';

/** An index as listIndexes reports it and as createIndexes receives it. */
export interface IndexSpec extends Document {
  v: number;
  key: Record<string, unknown>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

/** One concrete index entry of a document: the encoded key and the values it was built from. */
export interface IndexEntry {
  key: string;
  values: unknown[];
}

/**
 * A secondary index. Only unique indexes keep entries (key -> owning _id key): they are what must be
 * enforced and what point lookups use. Other indexes are catalog entries so the driver and
 * listIndexes see what was created.
 */
export class CollectionIndex {
  readonly fields: string[];
  readonly entries = new Map<string, string>();
  private readonly inPartial: (doc: Document) => boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 0)
      throw new CommandError(67, 'CannotCreateIndex', 'Index keys cannot be empty.');
    this.inPartial = compileFilter(spec.partialFilterExpression);
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Entries for `doc` (several when an indexed field is an array); none when sparse/partial skip it. */
  entriesFor(doc: Document): IndexEntry[] {
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((values) => values.length === 1 && values[0] === undefined))
      return [];
    if (this.spec.partialFilterExpression && !this.inPartial(doc)) return [];
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      combos = combos.flatMap((combo) =>
        values.map((value) => [...combo, value === EMPTY_ARRAY ? [] : value]),
      );
    }
    const seen = new Map<string, IndexEntry>();
    for (const values of combos) {
      const key = encodeCompoundKey(values);
      if (!seen.has(key)) seen.set(key, { key, values });
    }
    return [...seen.values()];
  }

  /** The first entry of `doc` already owned by another document, if any. */
  conflict(entries: IndexEntry[], idKey: string): IndexEntry | undefined {
    if (!this.unique) return undefined;
    return entries.find((entry) => {
      const owner = this.entries.get(entry.key);
      return owner !== undefined && owner !== idKey;
    });
  }

  add(entries: IndexEntry[], idKey: string): void {
    if (this.unique) for (const entry of entries) this.entries.set(entry.key, idKey);
  }

  remove(entries: IndexEntry[], idKey: string): void {
    if (!this.unique) return;
    for (const entry of entries) if (this.entries.get(entry.key) === idKey) this.entries.delete(entry.key);
  }

  /** `{ field: value }` for an entry, as keyValue in duplicate key errors. */
  keyValue(entry: IndexEntry): Document {
    const out: Document = {};
    this.fields.forEach((field, i) => {
      out[field] = entry.values[i] ?? null;
    });
    return out;
  }
}
