import type { Document } from 'bson';
import { CommandError } from '../errors/command-error.js';
import type { Change } from './change.js';
import { Collection } from './collection.js';

/** Told about every change so persistence can journal it and write the collection (or delete its file) later. */
export type ChangeListener = (dbName: string, collName: string, change: Change) => void;

const VALID_NAME = /^[^$\0]+$/;

/** All databases and their collections; collections spring into existence on first write. */
export class Store {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private muted = false;

  constructor(private readonly onChange: ChangeListener = () => {}) {}

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((name) => (this.dbs.get(name)?.size ?? 0) > 0);
  }

  collections(dbName: string): Collection[] {
    return [...(this.dbs.get(dbName)?.values() ?? [])];
  }

  get(dbName: string, collName: string): Collection | undefined {
    return this.dbs.get(dbName)?.get(collName);
  }

  /** The collection, created implicitly as mongod does on insert/upsert/createIndexes. */
  obtain(dbName: string, collName: string): Collection {
    const existing = this.get(dbName, collName);
    if (existing) return existing;
    return this.create(dbName, collName);
  }

  create(dbName: string, collName: string): Collection {
    if (!VALID_NAME.test(dbName) || /[/\\. "]/.test(dbName)) {
      throw new CommandError(73, 'InvalidNamespace', `Invalid database name: '${dbName}'`);
    }
    if (!VALID_NAME.test(collName) || collName.startsWith('.') || collName.endsWith('.')) {
      throw new CommandError(73, 'InvalidNamespace', `Invalid collection name: ${collName}`);
    }
    let db = this.dbs.get(dbName);
    if (!db) {
      db = new Map();
      this.dbs.set(dbName, db);
    }
    if (db.has(collName)) {
      throw new CommandError(48, 'NamespaceExists', `Collection ${dbName}.${collName} already exists.`);
    }
    const collection = new Collection(dbName, collName, (change) => this.notify(dbName, collName, change));
    db.set(collName, collection);
    this.notify(dbName, collName, { op: 'create' });
    return collection;
  }

  drop(dbName: string, collName: string): boolean {
    const dropped = this.dbs.get(dbName)?.delete(collName) ?? false;
    if (dropped) this.notify(dbName, collName, { op: 'drop' });
    return dropped;
  }

  dropDatabase(dbName: string): void {
    for (const collection of this.collections(dbName)) this.drop(dbName, collection.name);
    this.dbs.delete(dbName);
  }

  /** Moves a collection (documents and indexes) under a new name, optionally replacing the target. */
  rename(from: [string, string], to: [string, string], dropTarget: boolean): void {
    const source = this.get(...from);
    if (!source) throw new CommandError(26, 'NamespaceNotFound', 'Source collection does not exist');
    if (this.get(...to)) {
      if (!dropTarget) throw new CommandError(48, 'NamespaceExists', 'target namespace exists');
      this.drop(...to);
    }
    const target = this.create(...to);
    for (const spec of source.indexSpecs().slice(1)) target.createIndex(spec);
    for (const doc of source.docs.values()) target.insert(doc);
    this.drop(...from);
  }

  /** Installs a collection loaded from disk without announcing it as a change. */
  restore(dbName: string, collName: string, indexes: Document[], docs: Document[]): void {
    this.quietly(() => {
      const collection = this.obtain(dbName, collName);
      for (const spec of indexes) collection.createIndex(spec as never);
      for (const doc of docs) collection.insert(doc);
    });
  }

  /** Runs `apply` without announcing its changes: loading from disk is not a new change. */
  quietly<T>(apply: () => T): T {
    this.muted = true;
    try {
      return apply();
    } finally {
      this.muted = false;
    }
  }

  private notify(dbName: string, collName: string, change: Change): void {
    if (!this.muted) this.onChange(dbName, collName, change);
  }
}
