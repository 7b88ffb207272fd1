import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerSelectionError,
} from 'mongodb';

/**
 * Whether an error means MongoDB could not be reached (down, restarting, network), as opposed to
 * a refused operation: callers wait and try again without counting it as a failed attempt. A bulk
 * write that never reached the server carries the driver's own error inside its wrapper.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const inner = (error as { errorResponse?: unknown } | undefined)?.errorResponse;
  const cause = error instanceof MongoBulkWriteError && inner instanceof Error ? inner : error;
  return (
    cause instanceof MongoServerSelectionError ||
    cause instanceof MongoNetworkError ||
    cause instanceof MongoNetworkTimeoutError
  );
}
