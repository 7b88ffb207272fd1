import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restart } from '../support/restart.js';
import { type BaileysStack, startBaileysStack } from './support/baileys-stack.js';

const accountId = 'wrc';
const phone = '15550500003';
const contact = '15557770501';
const TOTAL = 500;
const KILLS = 3;

/** A seeded generator, so a failing run's kill points can be repeated (the seed is printed). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// WhatsApp does not resend a message once its delivery receipt went out: the worker stores each
// message before Baileys sends that receipt (the patched hook), and the peer, like WhatsApp's
// server, delivers anything without a receipt again at the next login.
describe('Baileys worker killed with kill -9 while the peer streams 500 messages', { retry: 0 }, () => {
  let t: BaileysStack;

  beforeAll(async () => {
    t = await startBaileysStack();
    await t.startWorker();
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('stores every message exactly once across the kills', async () => {
    await t.post('/accounts', { id: accountId });
    const qr = await waitFor(async () => (await t.status(accountId))?.qr, { timeoutMs: 30_000, what: 'QR' });
    await t.peer.scanQr(qr, phone);
    await t.waitStatus(accountId, 'connected', 90_000);

    // Printed with each kill: put a failing run's seed here to repeat its kill points.
    const seed = Date.now() % 100_000;
    const next = random(seed);
    const worker = t.workers[0]!;
    const ids: string[] = [];
    let streaming = true;
    const stream = (async () => {
      for (let n = 0; n < TOTAL; n++) {
        ids.push(await t.peer.sendText(contact, phone, `crash #${n}`));
        // About 500 messages over the kills: the stream runs through each kill and restart.
        await sleep(streaming ? 20 + next() * 60 : 0);
      }
    })();
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(500 + next() * 2_500);
      await worker.process.kill();
      console.info(`seed ${seed}: kill -9 #${kill + 1} after ${ids.length} messages`);
      await restart(worker);
      await t.waitStatus(accountId, 'connected', 90_000);
    }
    streaming = false;
    await stream;

    const wanted = new Set(ids);
    const storedIds = async () =>
      (await t.store.messages.listByAccount(accountId, { limit: 5_000, skip: 0 })).messages
        .map((message) => message.messageId)
        .filter((id) => wanted.has(id));
    await waitFor(async () => new Set(await storedIds()).size === TOTAL, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: `${TOTAL} messages stored`,
    }).catch(async (error: Error) => {
      const stored = new Set(await storedIds());
      throw new Error(
        `${error.message} (seed ${seed}); missing ${ids.filter((id) => !stored.has(id)).join(', ')}`,
      );
    });
    const stored = await storedIds();
    expect(stored).toHaveLength(TOTAL);
    expect(new Set(stored).size).toBe(TOTAL);
  }, 600_000);
});
