import { Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// URL. BullMQ bundles its own ioredis 5, so it gets options, not
 * an instance. `blocking` connections (workers) must retry forever; request paths (gateway)
 * fail fast so the API can answer 503 instead of hanging while Redis is away.
 */
export function redisOptions(url: string, role: 'blocking' | 'request'): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  const base: RedisOptions = {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  if (role === 'blocking') return { ...base, maxRetriesPerRequest: null, enableOfflineQueue: true };
  return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
}

/** A connected ioredis client; request-role clients refuse commands while offline, so wait for ready first. */
export async function connectRedis(url: string, role: 'blocking' | 'request'): Promise<Redis> {
  const client = new Redis({ ...redisOptions(url, role), lazyConnect: true });
  // Connection errors are retried by retryStrategy; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}
