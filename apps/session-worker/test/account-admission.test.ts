import { describe, expect, it } from 'vitest';
import { AccountAdmission } from '../src/send/account-admission.js';
import { TokenBucket } from '../src/send/token-bucket.js';

const second = (ahead: number) => (ahead + 1) * 1_000;

describe('per-account admission to send slots', () => {
  it('admits an account up to its cap and sends the rest back for their turn, in line', () => {
    const admission = new AccountAdmission(2);
    const a1 = admission.admit('a', 'a1', second, 0);
    const a2 = admission.admit('a', 'a2', second, 0);
    expect([a1.admitted, a2.admitted]).toEqual([true, true]);
    expect(admission.admit('a', 'a3', second, 0)).toEqual({ admitted: false, delayMs: 1_000 });
    expect(admission.admit('a', 'a4', second, 0)).toEqual({ admitted: false, delayMs: 2_000 });
    // Another account of the shard is not behind them.
    expect(admission.admit('b', 'b1', second, 0).admitted).toBe(true);
    expect(admission.parked('a')).toBe(2);

    if (!a1.admitted) throw new Error('a1 was admitted');
    a1.release();
    a1.release(); // a second release of the same turn frees nothing more
    // a4 came back first: a3 is ahead of it, so it waits again, keeping its place.
    expect(admission.admit('a', 'a4', second, 10)).toEqual({ admitted: false, delayMs: 2_000 });
    // A fresh job of the account queues behind both.
    expect(admission.admit('a', 'a5', second, 10)).toEqual({ admitted: false, delayMs: 3_000 });
    expect(admission.admit('a', 'a3', second, 20).admitted).toBe(true);
    // Cap reached again (a2 and a3): the head waits for a slot.
    expect(admission.admit('a', 'a4', second, 30)).toEqual({ admitted: false, delayMs: 1_000 });
  });

  it('forgets a parked job that never came back, so its account is not stuck behind it', () => {
    const admission = new AccountAdmission(1);
    const first = admission.admit('a', 'a1', second, 0);
    expect(admission.admit('a', 'gone', second, 0).admitted).toBe(false);
    expect(admission.admit('a', 'a3', second, 0).admitted).toBe(false);
    if (first.admitted) first.release();
    expect(admission.admit('a', 'a3', second, 5_000).admitted).toBe(false);
    // Long past when `gone` was due back: it loses its place.
    expect(admission.admit('a', 'a3', second, 60_000).admitted).toBe(true);
  });

  it('holds nothing for an account whose jobs all finished', () => {
    const admission = new AccountAdmission(4);
    const turn = admission.admit('a', 'a1', second, 0);
    expect(admission.accounts).toBe(1);
    if (turn.admitted) turn.release();
    expect(admission.accounts).toBe(0);
  });
});

describe('token bucket: time until tokens are free', () => {
  it('counts the reservations of sends already waiting', () => {
    const bucket = new TokenBucket(60, 0, 2);
    expect(bucket.msUntil(2, 0)).toBe(0);
    bucket.take(10_000, 0);
    bucket.take(10_000, 0);
    bucket.take(10_000, 0); // reserved 1 s ahead
    expect(bucket.msUntil(1, 0)).toBe(2_000);
    expect(bucket.msUntil(3, 0)).toBe(4_000);
  });
});
