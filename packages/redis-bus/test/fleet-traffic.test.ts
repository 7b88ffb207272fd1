import { describe, expect, it } from 'vitest';
import {
  readStatusBriefs,
  readTraffic,
  readWebhookHealth,
  TrafficCounter,
  trafficKey,
  writeStatus,
} from '../src/index.js';
import { useRedis } from './redis-fixture.js';

const bus = useRedis();

describe('fleet traffic per second', () => {
  it('adds up the counts of several processes per second, and the window reads them back', async () => {
    // A fixed clock in the middle of a minute: two "processes" count into the same seconds.
    let now = Date.UTC(2026, 11, 6, 12, 0, 30, 0);
    const clock = () => now;
    const a = new TrafficCounter(bus.redis, { now: clock, flushMs: 60_000 });
    const b = new TrafficCounter(bus.redis, { now: clock, flushMs: 60_000 });
    a.add('sent', 3);
    b.add('sent');
    b.add('received', 2);
    now += 1_000;
    a.add('sent');
    // A second in the next minute lands in the next minute's hash.
    now += 30_000;
    a.add('received', 5);
    await Promise.all([a.flush(), b.flush()]);
    const window = await readTraffic(bus.redis, 60, now + 3_000);
    const at = (second: number) => second - window.start;
    const t0 = Date.UTC(2026, 11, 6, 12, 0, 30) / 1000;
    expect(window.seconds).toBe(60);
    expect(window.series.sent[at(t0)]).toBe(4);
    expect(window.series.sent[at(t0 + 1)]).toBe(1);
    expect(window.series.received[at(t0)]).toBe(2);
    expect(window.series.received[at(t0 + 31)]).toBe(5);
    expect(window.series.sent.reduce((x, y) => x + y, 0)).toBe(5);
    expect(window.series.webhookOk.every((value) => value === 0)).toBe(true);
    // The hashes expire on their own a little after the 15-minute window.
    const ttl = await bus.redis.pttl(trafficKey('sent', Math.floor(t0 / 60)));
    expect(ttl).toBeGreaterThan(900_000);
    expect(ttl).toBeLessThanOrEqual(1_080_000);
  });

  it('leaves out the newest second, which is still filling', async () => {
    const now = Date.UTC(2026, 11, 6, 13, 0, 0, 500);
    const counter = new TrafficCounter(bus.redis, { now: () => now });
    counter.add('sent');
    await counter.flush();
    expect((await readTraffic(bus.redis, 900, now)).series.sent.reduce((x, y) => x + y, 0)).toBe(0);
    expect((await readTraffic(bus.redis, 900, now + 2_000)).series.sent.reduce((x, y) => x + y, 0)).toBe(1);
  });
});

describe('webhook health', () => {
  it('ranks open breakers first, then by failure rate, with their ok and failed counts', async () => {
    const now = Date.UTC(2026, 11, 6, 14, 10, 0);
    const counter = new TrafficCounter(bus.redis, { now: () => now });
    for (let i = 0; i < 9; i++) counter.webhookAttempt('healthy', true);
    for (let i = 0; i < 3; i++) counter.webhookAttempt('flaky', true);
    counter.webhookAttempt('flaky', false);
    counter.webhookAttempt('down', false);
    counter.webhookAttempt('down', false);
    counter.webhookAttempt('tripped', true);
    counter.webhookAttempt('tripped', false);
    await counter.flush();
    await counter.breakerOpened('tripped', now + 30_000, 5);
    const health = await readWebhookHealth(bus.redis, { now: now + 1_000 });
    expect(health.map((h) => [h.webhookId, h.ok, h.failed, h.failureRate, h.breaker])).toEqual([
      ['tripped', 1, 1, 0.5, 'open'],
      ['down', 0, 2, 1, 'closed'],
      ['flaky', 3, 1, 0.25, 'closed'],
    ]);
    expect(health[0]?.breakerOpenUntil).toBe(now + 30_000);
    // After the cooldown, with no probe's result yet, the breaker is half-open; a success closes it.
    expect((await readWebhookHealth(bus.redis, { now: now + 31_000 }))[0]?.breaker).toBe('half-open');
    await counter.breakerClosed('tripped');
    expect(
      (await readWebhookHealth(bus.redis, { now: now + 31_000 })).find((h) => h.webhookId === 'tripped')
        ?.breaker,
    ).toBe('closed');
    // The fleet series counted the same attempts.
    const window = await readTraffic(bus.redis, 10, now + 3_000);
    expect(window.series.webhookOk.reduce((x, y) => x + y, 0)).toBe(13);
    expect(window.series.webhookFailed.reduce((x, y) => x + y, 0)).toBe(4);
    // Fifteen minutes later those failures are out of the window.
    expect(await readWebhookHealth(bus.redis, { now: now + 16 * 60_000 })).toEqual([]);
  });
});

describe('status briefs', () => {
  it('reads status, last change and whether a QR waits, without the QR itself', async () => {
    await writeStatus(bus.redis, 'brief-1', { status: 'connecting', epoch: 1, qr: '2@abc' });
    await writeStatus(bus.redis, 'brief-2', { status: 'connected', epoch: 1, lastUpdate: 1234 });
    const briefs = await readStatusBriefs(bus.redis, ['brief-1', 'brief-2', 'brief-none']);
    expect(briefs.get('brief-1')).toMatchObject({ status: 'connecting', hasQr: true });
    expect(briefs.get('brief-2')).toEqual({ status: 'connected', lastUpdate: 1234, hasQr: false });
    expect(briefs.has('brief-none')).toBe(false);
  });
});
