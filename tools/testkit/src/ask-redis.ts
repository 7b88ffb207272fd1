import { Redis } from 'ioredis';

/** A peer that accepted the connection but does not answer (not Redis, or hung) fails after this. */
const ANSWER_TIMEOUT_MS = 5_000;

/**
 * One command to a Redis (or sentinel) on a loopback port over a short-lived connection that
 * never retries: the helpers that watch nodes being killed must see a refusal at once, not hang
 * in ioredis' reconnect loop, nor on a listener that never answers.
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
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer to ${command} from port ${port} in ${ANSWER_TIMEOUT_MS} ms`)),
      ANSWER_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([client.connect().then(() => client.call(command, ...args)), silent]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
