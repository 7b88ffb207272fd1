import { readStatuses } from '@wildcat/redis-bus';
import { createStore } from '@wildcat/store';
import type { Redis } from 'ioredis';

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

/**
 * Accounts as they are after a sandbox scan, written straight into MongoDB and the sandbox
 * directory: credentials stored, the phone number linked, desired state `connected`. A worker that
 * starts (or takes the shard over) connects them without a QR.
 */
export async function seedPairedAccounts(
  mongoUrl: string,
  redis: Redis,
  ids: readonly string[],
  firstNumber = 16_660_000_000,
): Promise<Map<string, string>> {
  const store = await createStore({ url: mongoUrl, dbName: process.env.MONGODB_DB ?? 'wildcat' });
  const jids = new Map<string, string>();
  try {
    await pool([...ids.entries()], 32, async ([i, id]) => {
      const jid = `${firstNumber + i}@s.whatsapp.net`;
      jids.set(id, jid);
      await store.accounts.create({ id });
      await store
        .authState(`auth_${id}`)
        .writeCreds({ platform: 'wildcat-sandbox', registered: true, me: { id: jid, name: id } }, 0);
      await redis.set(`wc:{sbx}:jid:${jid}`, id);
    });
  } finally {
    await store.close();
  }
  return jids;
}

/** Polls until every account reads `connected`; resolves how long that took. */
export async function untilConnected(
  redis: Redis,
  ids: readonly string[],
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    let connected = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const statuses = await readStatuses(redis, ids.slice(i, i + 1000));
      for (const record of statuses.values()) if (record.status === 'connected') connected++;
    }
    if (connected === ids.length) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${connected}/${ids.length} accounts connected after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
}
