import type { Document } from 'bson';
import { Query } from 'mingo';
import type { CollationSpec, Options } from 'mingo/types';
import { primitiveEqualityTest } from './fast-filter.js';

/** mingo options for one command: collation and `let` variables pass straight through. */
export function mingoOptions(command?: Document, resolver?: (name: string) => Document[]): Partial<Options> {
  const options: { collation?: CollationSpec; variables?: Document; collectionResolver?: typeof resolver } =
    {};
  if (command?.collation && typeof command.collation === 'object')
    options.collation = command.collation as CollationSpec;
  if (command?.let && typeof command.let === 'object') options.variables = command.let as Document;
  if (resolver) options.collectionResolver = resolver;
  return options as Partial<Options>;
}

/** A compiled filter; the empty filter short-circuits because it is by far the most common. */
export function compileFilter(filter: unknown, options: Partial<Options> = {}): (doc: Document) => boolean {
  if (filter === undefined || filter === null) return () => true;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new TypeError('filter must be an object');
  if (Object.keys(filter).length === 0) return () => true;
  const compile = () => {
    const query = new Query(filter as Document, options);
    return (doc: Document) => query.test(doc);
  };
  // Collations change what equality means; only the binary comparison has a shortcut.
  if (options.collation === undefined) {
    const fast = primitiveEqualityTest(filter as Document, compile);
    if (fast) return fast;
  }
  return compile();
}
