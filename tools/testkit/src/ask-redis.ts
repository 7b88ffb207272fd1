import { Redis } from 'ioredis';

/**
 * One command to a Redis (or sentinel) on a loopback port over a short-lived connection that
 * never retries: the helpers that watch nodes being killed must see a refusal at once, not hang
 * in ioredis' reconnect loop.
 */
export async function askRedis(port: number, command: string, ...args: string[]): Promise<unknown> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.call(command, ...args);
  } finally {
    client.disconnect();
  }
}
