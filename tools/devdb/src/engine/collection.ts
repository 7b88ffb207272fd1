import { type Document, ObjectId } from 'bson';
import { CommandError } from '../errors/command-error.js';
import { DuplicateKeyError } from '../errors/duplicate-key-error.js';
import type { Change } from './change.js';
import { CollectionIndex, type IndexEntry, type IndexSpec } from './collection-index.js';
import { encodeKey } from './key-encoding.js';

const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Puts `_id` first (generating one when absent), as mongod stores documents. */
export function withIdFirst(doc: Document): Document {
  if (Object.keys(doc)[0] === '_id' && doc._id !== undefined) return doc;
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

function assertValidId(id: unknown): void {
  if (Array.isArray(id))
    throw new CommandError(53, 'InvalidIdField', "The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw new CommandError(53, 'InvalidIdField', "can't use a regex for _id");
}

/**
 * Documents of one collection in natural (insertion) order, keyed by encoded `_id`, plus its
 * indexes. Stored documents are never mutated: writers build a new document and swap it in, so
 * cursors and snapshots taken earlier stay consistent.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();
  readonly uuid = crypto.randomUUID();

  constructor(
    readonly dbName: string,
    readonly name: string,
    private readonly changed: (change: Change) => void,
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /** Inserts a new document (its `_id` must already be first); throws DuplicateKeyError. */
  insert(doc: Document): void {
    assertValidId(doc._id);
    const idKey = encodeKey(doc._id);
    if (this.docs.has(idKey)) throw new DuplicateKeyError(this.ns, '_id_', { _id: 1 }, { _id: doc._id });
    const planned = this.planEntries(doc, idKey);
    for (const [index, entries] of planned) index.add(entries, idKey);
    this.docs.set(idKey, doc);
    this.changed({ op: 'put', doc });
  }

  /** Swaps in a new version of an existing document, keeping its natural position. */
  replace(idKey: string, next: Document): void {
    const previous = this.docs.get(idKey);
    if (!previous) throw new Error(`document ${idKey} vanished during update`);
    const planned = this.planEntries(next, idKey);
    for (const index of this.indexes.values())
      if (index.unique) index.remove(index.entriesFor(previous), idKey);
    for (const [index, entries] of planned) index.add(entries, idKey);
    this.docs.set(idKey, next);
    this.changed({ op: 'put', doc: next });
  }

  remove(idKey: string): void {
    const previous = this.docs.get(idKey);
    if (!previous) return;
    for (const index of this.indexes.values())
      if (index.unique) index.remove(index.entriesFor(previous), idKey);
    this.docs.delete(idKey);
    this.changed({ op: 'remove', id: previous._id });
  }

  /** Computes unique index entries for `doc`, refusing the write if another document owns one. */
  private planEntries(doc: Document, idKey: string): Array<[CollectionIndex, IndexEntry[]]> {
    const planned: Array<[CollectionIndex, IndexEntry[]]> = [];
    for (const index of this.indexes.values()) {
      if (!index.unique) continue;
      const entries = index.entriesFor(doc);
      const clash = index.conflict(entries, idKey);
      if (clash) throw new DuplicateKeyError(this.ns, index.spec.name, index.spec.key, index.keyValue(clash));
      planned.push([index, entries]);
    }
    return planned;
  }

  /** Adds an index, building it over existing documents; true when it did not exist yet. */
  createIndex(spec: IndexSpec): boolean {
    const sameName = spec.name === '_id_' ? ID_INDEX : this.indexes.get(spec.name)?.spec;
    const sameKey = this.indexSpecs().find((s) => JSON.stringify(s.key) === JSON.stringify(spec.key));
    if (sameName) {
      if (JSON.stringify(sameName.key) !== JSON.stringify(spec.key)) {
        throw new CommandError(
          86,
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
        );
      }
      if (spec.name !== '_id_' && Boolean(sameName.unique) !== Boolean(spec.unique)) {
        throw new CommandError(
          86,
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index but different options: ${spec.name}`,
        );
      }
      return false;
    }
    if (sameKey && !sameKey.partialFilterExpression && !spec.partialFilterExpression) {
      throw new CommandError(
        85,
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    const index = new CollectionIndex(spec);
    for (const [idKey, doc] of this.docs) {
      const entries = index.entriesFor(doc);
      const clash = index.conflict(entries, idKey);
      if (clash) throw new DuplicateKeyError(this.ns, spec.name, spec.key, index.keyValue(clash));
      index.add(entries, idKey);
    }
    this.indexes.set(spec.name, index);
    this.changed({ op: 'createIndex', spec });
    return true;
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!this.indexes.delete(name))
      throw new CommandError(27, 'IndexNotFound', `index not found with name [${name}]`);
    this.changed({ op: 'dropIndex', name });
  }

  dropAllIndexes(): void {
    this.indexes.clear();
    this.changed({ op: 'dropIndexes' });
  }
}
