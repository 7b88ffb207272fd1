import { Redis } from 'ioredis';

/** Whether a Redis answers PING at `url` within about a second. */
export async function redisReachable(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  // The probe's answer is the connect below; the 'error' event only must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    // Not answering is the probe's answer.
    return false;
  } finally {
    client.disconnect();
  }
}

/** Resolves true once `url` answers 2xx, false when `timeoutMs` passes first. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isDead: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return false;
}
