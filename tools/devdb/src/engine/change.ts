import type { Document } from 'bson';
import type { IndexSpec } from './collection-index.js';

/**
 * One physical change to a collection, as the journal records it: whole documents and index specs,
 * never the command that caused them, so replaying is deterministic (server-generated `_id`s,
 * `$currentDate` and TTL expiry replay as what they produced).
 */
export type Change =
  | { op: 'put'; doc: Document }
  | { op: 'remove'; id: unknown }
  | { op: 'createIndex'; spec: IndexSpec }
  | { op: 'dropIndex'; name: string }
  | { op: 'dropIndexes' }
  | { op: 'create' }
  | { op: 'drop' };
