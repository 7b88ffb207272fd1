import { MongoNetworkError, MongoNetworkTimeoutError, MongoServerSelectionError } from 'mongodb';

/**
 * Whether an error means MongoDB could not be reached (down, restarting, network), as opposed to
 * a refused operation: callers wait and try again without counting it as a failed attempt.
 */
export function isStoreUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNetworkTimeoutError
  );
}
