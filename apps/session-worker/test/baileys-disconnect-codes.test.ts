import { setTimeout as sleep } from 'node:timers/promises';
import type { DisconnectInfo } from '@wildcat/wa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReconnect } from '../src/sessions/reconnect-policy.js';
import {
  type BaileysSession,
  type BaileysSessions,
  startBaileysSessions,
} from './support/baileys-sessions.js';

// The one place that decides what a code means is this worker's policy: these tests prove that
// real Baileys (through the wa-baileys adapter), disconnected by the local protocol peer, reports
// the codes that policy is written for.

const decide = (info: DisconnectInfo, awaitingScan = false) =>
  decideReconnect(info, { attempts: 0, awaitingScan });

describe('Baileys adapter: disconnects from the peer → the worker policy', () => {
  let fx: BaileysSessions;
  const phone = '15550300001';
  const accountId = 'acc-dc';
  let current: BaileysSession;

  beforeAll(async () => {
    fx = await startBaileysSessions();
    current = await fx.pair(accountId, phone);
  });
  afterAll(async () => {
    await fx?.close();
    expect(fx.warnings).toEqual([]);
  });

  it('515 → onClose 515 → policy reconnects at once → open again, no QR', async () => {
    expect(fx.peer.kick(`${phone}@s.whatsapp.net`, 515)).toBe(1);
    const closed = await current.until((e) => e.closes[0], 'close');
    expect(closed).toMatchObject({ code: 515, wasOpen: true });
    expect(decide(closed)).toMatchObject({ action: 'reconnect', delayMs: 0 });
    expect(current.session.isOpen()).toBe(false);
    current = await fx.connect(accountId);
    await current.until((e) => e.opens[0], 'reopen');
    expect(current.events.qrs).toEqual([]);
  });

  it('two sessions for one account (lease bypassed) end with one socket: 440 stops the loser', async () => {
    const loser = current;
    const winner = await fx.connect(accountId);
    await winner.until((e) => e.opens[0], 'winner open');
    const closed = await loser.until((e) => e.closes[0], 'loser closed');
    expect(closed.code).toBe(440);
    expect(decide(closed)).toMatchObject({ action: 'stop', status: 'not_started', wipeCreds: false });
    // the loser does nothing further by itself: no second close, no new socket, no QR
    await sleep(1500);
    expect(loser.events.closes).toHaveLength(1);
    expect(loser.events.opens).toHaveLength(1);
    expect(fx.peer.sockets(phone)).toBe(1);
    expect(winner.session.isOpen()).toBe(true);
    expect(winner.events.closes).toEqual([]);
    current = winner;
  });

  it('kick 440 → stopped, no reconnect loop', async () => {
    fx.peer.kick(phone, 440);
    const closed = await current.until((e) => e.closes[0], 'close');
    expect(closed.code).toBe(440);
    expect(decide(closed).action).toBe('stop');
    await sleep(1000);
    expect(current.events.closes).toHaveLength(1);
    expect(fx.peer.sockets(phone)).toBe(0);
  });

  it('401 → logged out: the policy wipes creds, and the old creds no longer log in', async () => {
    current = await fx.connect(accountId);
    await current.until((e) => e.opens[0], 'open');
    fx.peer.kick(`${phone}@s.whatsapp.net`, 401);
    const closed = await current.until((e) => e.closes[0], 'close');
    expect(closed).toMatchObject({ code: 401, wasOpen: true });
    expect(decide(closed)).toMatchObject({ action: 'stop', status: 'logged_out', wipeCreds: true });

    const stale = await fx.connect(accountId);
    expect((await stale.until((e) => e.closes[0], 'login refused')).code).toBe(401);
    // what the worker does for wipeCreds
    await fx.authState(accountId).clear(1);
    const fresh = await fx.connect(accountId);
    await fresh.until((e) => e.qrs[0], 'a new QR after the wipe');
    await fresh.session.close();
  });

  it('server goes away → 428 → backoff reconnect', async () => {
    const other = await fx.pair('acc-dc-2', '15550300002');
    await fx.peer.close();
    const closed = await other.until((e) => e.closes[0], 'close');
    expect(closed).toMatchObject({ code: 428, wasOpen: true });
    const decision = decide(closed);
    expect(decision.action).toBe('reconnect');
    expect(decision.action === 'reconnect' && decision.delayMs).toBeGreaterThan(0);
  });
});
