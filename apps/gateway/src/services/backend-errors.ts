import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';

// What ioredis says when a fail-fast ("request" role) client is offline or gave up on a command.
const REDIS_OFFLINE = [
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
  'Command timed out',
  // A pipeline in flight when the connection dropped (e.g. a Redis primary killed mid-send).
  'Command aborted due to connection close',
  // A Redis Cluster mid-failover: slots moving, or no node reachable yet.
  'Too many Cluster redirections',
  'CLUSTERDOWN',
  'None of startup nodes is available',
];

// Socket errors the drivers sometimes pass through unwrapped (e.g. a write after the server hung up).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Which backend an error says is unreachable, or undefined for any other error. */
export function unavailableBackend(error: unknown): 'redis' | 'mongodb' | undefined {
  if (error instanceof BackendUnavailableError) return error.backend;
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoOperationTimeoutError
  ) {
    return 'mongodb';
  }
  if (error instanceof Error) {
    if (error.name === 'MaxRetriesPerRequestError') return 'redis';
    const code = (error as NodeJS.ErrnoException).code;
    if (code && NETWORK_CODES.has(code)) return error.stack?.includes('mongodb') ? 'mongodb' : 'redis';
    if (REDIS_OFFLINE.some((text) => error.message.includes(text))) return 'redis';
  }
  return undefined;
}

/** Rejects after `ms` with BackendUnavailableError, so a probe or a stuck call never hangs a request. */
export async function withDeadline<T>(
  backend: 'redis' | 'mongodb',
  ms: number,
  work: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new BackendUnavailableError(backend)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
