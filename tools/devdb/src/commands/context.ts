import type { Document } from 'bson';
import type { CursorRegistry } from '../engine/cursor-registry.js';
import type { Store } from '../engine/store.js';
import { CommandError } from '../errors/command-error.js';

/** Everything a command handler may touch; one per request. */
export interface CommandContext {
  store: Store;
  cursors: CursorRegistry;
  /** The database the command runs against (`$db`). */
  db: string;
  connectionId: number;
}

export type CommandHandler = (command: Document, context: CommandContext) => Document;

/** The collection name a command names in its first field, validated like mongod does. */
export function collectionName(command: Document, field: string): string {
  const value = command[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError(73, 'InvalidNamespace', `collection name has invalid type ${typeof value}`);
  }
  return value;
}

/** An optional sub-document argument; anything else is refused instead of silently ignored. */
export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CommandError(
      14,
      'TypeMismatch',
      `BSON field '${field}' is the wrong type '${Array.isArray(value) ? 'array' : typeof value}', expected type 'object'`,
    );
  }
  return value as Document;
}

/** An optional numeric argument (mongod accepts any numeric type). */
export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  if (Number.isNaN(number))
    throw new CommandError(14, 'TypeMismatch', `BSON field '${field}' must be a number`);
  return number;
}
