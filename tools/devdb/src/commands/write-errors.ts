import type { Document } from 'bson';
import { CommandError } from '../errors/command-error.js';
import { DuplicateKeyError } from '../errors/duplicate-key-error.js';

/** One `writeErrors` entry, shaped as mongod sends it (dup keys carry keyPattern/keyValue). */
export function writeErrorFrom(index: number, error: unknown): Document {
  if (error instanceof DuplicateKeyError) {
    return { index, code: error.code, errmsg: error.message, ...error.details() };
  }
  if (error instanceof CommandError)
    return { index, code: error.code, codeName: error.codeName, errmsg: error.message };
  return {
    index,
    code: 2,
    codeName: 'BadValue',
    errmsg: error instanceof Error ? error.message : String(error),
  };
}

/** Runs each statement of a write batch, stopping at the first failure when the batch is ordered. */
export function runStatements<T>(
  statements: T[],
  ordered: boolean,
  run: (statement: T, index: number) => void,
): Document[] {
  const errors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      run(statements[i]!, i);
    } catch (error) {
      errors.push(writeErrorFrom(i, error));
      if (ordered) break;
    }
  }
  return errors;
}

/** The statements array of a write command (a kind-1 section has already been merged in). */
export function statementsOf(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value))
    throw new CommandError(9, 'FailedToParse', `BSON field '${field}' is missing but a required field`);
  return value as Document[];
}
