import { setTimeout as sleep } from 'node:timers/promises';
import { connectRedis, readStatus } from '@wildcat/redis-bus';
import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startBaileysStack } from './support/baileys-stack.js';

const accountId = 'wdc';
const phone = '15550400002';

// Tests that build on each other on one stack: no retry (see worker-flow.test.ts).
describe('session worker with WA_ENGINE=baileys: disconnects from the peer', { retry: 0 }, () => {
  let t: BaileysStack;
  let otherRedis: PrivateRedis | undefined;
  const logins: number[] = [];

  beforeAll(async () => {
    t = await startBaileysStack();
    t.peer.on('login', () => logins.push(Date.now()));
    await t.startWorker();
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await otherRedis?.destroy();
  });

  const statuses = async () =>
    (await t.events('account.status', accountId)).map((e) => e.data.status as string);
  const authState = async () => {
    const account = await t.store.accounts.get(accountId);
    return t.store.authState(account!.collectionName);
  };
  /** Proves nobody reconnects by itself: no login at the peer and no socket for a while. */
  async function staysDown(ms = 3000): Promise<void> {
    const before = logins.length;
    await sleep(ms);
    expect(logins.length).toBe(before);
    expect(t.peer.sockets(phone)).toBe(0);
  }

  it('pairs through the API', async () => {
    await t.post('/accounts', { id: accountId });
    const qr = await waitFor(async () => (await t.status(accountId))?.qr, { timeoutMs: 30_000, what: 'QR' });
    await t.peer.scanQr(qr, phone);
    await t.waitStatus(accountId, 'connected', 90_000);
  }, 120_000);

  it('515 → reconnecting → connected again, no QR', async () => {
    const seen = (await statuses()).length; // pairing itself already went through a 515
    expect(t.peer.kick(phone, 515)).toBe(1);
    const after = async () => (await statuses()).slice(seen);
    await waitFor(async () => (await after()).includes('reconnecting'), { what: 'reconnecting' });
    await waitFor(async () => (await after()).at(-1) === 'connected', {
      timeoutMs: 30_000,
      what: 'connected',
    });
    expect((await t.status(accountId))?.qr).toBeUndefined();
    expect(t.peer.sockets(phone)).toBe(1);
  });

  it('two workers that both own the account (lease bypassed: separate Redis) end with one socket', async () => {
    otherRedis = await startRedis();
    const rival = await t.startWorker({ REDIS_URL: otherRedis.url });
    const rivalRedis = await connectRedis(otherRedis.url, 'request');
    try {
      // the rival picks the account up from its desired state in MongoDB and logs in; the peer
      // replaces the first socket (440) and the first worker's policy stops that session
      await t.waitStatus(accountId, 'not_started', 90_000);
      await waitFor(async () => (await readStatus(rivalRedis, accountId))?.status === 'connected', {
        what: 'rival connected',
      });
      const before = logins.length;
      await sleep(3000);
      expect(logins.length).toBe(before); // no reconnect loop between the two
      expect(t.peer.sockets(phone)).toBe(1);
      expect((await t.status(accountId))?.status).toBe('not_started');
    } finally {
      rivalRedis.disconnect();
      await rival.process.stop();
    }
  }, 120_000);

  it('440 → stopped (not_started) and not reconnecting', async () => {
    await t.post(`/accounts/${accountId}/connect`);
    await t.waitStatus(accountId, 'connected', 30_000);
    t.peer.kick(phone, 440);
    await t.waitStatus(accountId, 'not_started');
    await staysDown();
    expect(await (await authState()).hasCreds()).toBe(true);
  });

  it('401 → logged_out and creds wiped', async () => {
    await t.post(`/accounts/${accountId}/connect`);
    await t.waitStatus(accountId, 'connected', 30_000);
    t.peer.kick(phone, 401);
    await t.waitStatus(accountId, 'logged_out');
    await waitFor(async () => !(await (await authState()).hasCreds()), { what: 'creds wiped' });
    await staysDown();
  });
});
