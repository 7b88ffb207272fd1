import { describe, expect, it } from 'vitest';
import { TokenBucket, TokenBuckets } from '../src/send/token-bucket.js';

describe('token bucket', () => {
  it('allows a burst, then spaces sends at the rate and reserves future tokens', () => {
    const bucket = new TokenBucket(60, 0, 2);
    expect(bucket.take(10_000, 0)).toEqual({ ok: true, waitMs: 0 });
    expect(bucket.take(10_000, 0)).toEqual({ ok: true, waitMs: 0 });
    // 60/min = one per second: the third waits 1 s, the fourth 2 s (reserved behind it).
    expect(bucket.take(10_000, 0)).toEqual({ ok: true, waitMs: 1_000 });
    expect(bucket.take(10_000, 0)).toEqual({ ok: true, waitMs: 2_000 });
  });

  it('refuses without reserving when the wait would exceed the limit, and tells how long', () => {
    const bucket = new TokenBucket(6, 0, 1);
    expect(bucket.take(0, 0).ok).toBe(true);
    const refused = bucket.take(5_000, 0);
    expect(refused).toEqual({ ok: false, waitMs: 10_000 });
    // Nothing was reserved: after 10 s exactly one token is there.
    expect(bucket.take(0, 10_000)).toEqual({ ok: true, waitMs: 0 });
  });

  it('refills to the burst only, refunds unused reservations, defaults to 10 s of burst', () => {
    const bucket = new TokenBucket(60, 0);
    expect(bucket.burst).toBe(10);
    for (let i = 0; i < 10; i++) bucket.take(0, 0);
    expect(bucket.take(0, 0).ok).toBe(false);
    bucket.refund(0);
    expect(bucket.take(0, 0).ok).toBe(true);
    expect(bucket.isFull(3_600_000)).toBe(true);
  });

  it('keeps a bucket per account with its own rate and sweeps idle ones', () => {
    const buckets = new TokenBuckets(60);
    expect(buckets.get('a').ratePerMinute).toBe(60);
    expect(buckets.get('b', 5).ratePerMinute).toBe(5);
    expect(buckets.get('b', 7).ratePerMinute).toBe(7);
    buckets.get('a').take(0);
    buckets.sweep(Date.now() + 3_600_000);
    expect(buckets.size).toBe(0);
  });
});
