import { setTimeout as sleep } from 'node:timers/promises';
import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxEngine, liveSocketCount, type SandboxEngine, scanSandboxQr } from '../src/index.js';
import { client, connectRecorded } from './helpers.js';

let server: PrivateRedis;
const clients: Redis[] = [];
const engines: SandboxEngine[] = [];

function engineOn(url: string): SandboxEngine {
  const redis = client(url);
  // Refused connections while the server is stopped are expected here.
  redis.on('error', () => {});
  clients.push(redis);
  const engine = createSandboxEngine({ redis });
  engines.push(engine);
  return engine;
}

beforeAll(async () => {
  server = await startRedis({ appendOnly: true });
});

afterAll(async () => {
  for (const engine of engines) await engine.close().catch(() => undefined);
  for (const redis of clients) redis.disconnect();
  await server.destroy();
});

// Seen in the e2e Redis outage: a worker opened an account's socket just as Redis stopped; its
// registration waited in the client's queue for the outage, while the lease moved and the new
// owner opened the account again after Redis came back. The stale socket then registered last
// and, as "the newest login", replaced the current one: 440, and the account stopped for good.
describe('sandbox logins across a Redis outage', () => {
  it('the socket that logged in last wins, whichever registration reaches Redis last', async () => {
    const url = server.url;
    const first = engineOn(url);
    const pairing = await connectRecorded(first, 'late');
    await waitFor(() => pairing.log.qrs.length > 0, { what: 'the QR' });
    await scanSandboxQr(clients[0]!, 'late');
    await waitFor(() => pairing.log.opens.length > 0, { what: 'the pairing' });
    await pairing.session.close();

    // The old owner's socket: opened while Redis is down, so its registration waits.
    await server.stop();
    const oldOwner = engineOn(url);
    const stale = connectRecorded(oldOwner, 'late', pairing.auth);
    await sleep(1_500);
    await server.start();
    // The new owner logs in after Redis is back (later than the stale socket did).
    const current = await connectRecorded(engineOn(url), 'late', pairing.auth);
    const old = await stale;
    await waitFor(() => old.log.closes.length > 0, { what: 'the stale socket closed', timeoutMs: 15_000 });
    // Give a wrongly sent "replaced" time to arrive before looking.
    await sleep(500);

    expect(old.log.closes[0]).toMatchObject({ code: 440 });
    expect(current.log.closes, 'closes of the socket that logged in last').toEqual([]);
    expect(current.log.opens).toHaveLength(1);
    expect(await liveSocketCount(clients[0]!, 'late')).toBe(1);
  });
});
