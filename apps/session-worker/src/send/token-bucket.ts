export interface TakeResult {
  /** 0 when a token is available now; else how long until the reserved token is. */
  waitMs: number;
  /** false when the wait would exceed `maxWaitMs`: nothing was reserved. */
  ok: boolean;
}

/**
 * A token bucket per account: `ratePerMinute` tokens a minute, bursts of up to `burst`. A take
 * reserves a token in the future (the balance goes negative) so queued sends space out evenly.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  readonly burst: number;

  constructor(
    readonly ratePerMinute: number,
    now = Date.now(),
    burst?: number,
  ) {
    this.burst = burst ?? Math.max(1, Math.ceil(ratePerMinute / 6));
    this.tokens = this.burst;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const perMs = this.ratePerMinute / 60_000;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * perMs);
    this.updatedAt = now;
  }

  take(maxWaitMs: number, now = Date.now()): TakeResult {
    this.refill(now);
    const perMs = this.ratePerMinute / 60_000;
    const waitMs = this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / perMs);
    if (waitMs > maxWaitMs) return { ok: false, waitMs };
    this.tokens -= 1;
    return { ok: true, waitMs };
  }

  /** How long until `count` tokens are free (reservations of sends already waiting come first). */
  msUntil(count: number, now = Date.now()): number {
    this.refill(now);
    const perMs = this.ratePerMinute / 60_000;
    return this.tokens >= count ? 0 : Math.ceil((count - this.tokens) / perMs);
  }

  /** Gives back a token reserved for a send that did not happen. */
  refund(now = Date.now()): void {
    this.refill(now);
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Full and idle: the bucket carries no state worth keeping. */
  isFull(now = Date.now()): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }
}

/** Buckets of the accounts a worker serves, created on first use and dropped when full again. */
export class TokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly defaultRatePerMinute: number) {}

  get(accountId: string, ratePerMinute?: number): TokenBucket {
    const rate = ratePerMinute ?? this.defaultRatePerMinute;
    let bucket = this.buckets.get(accountId);
    if (!bucket || bucket.ratePerMinute !== rate) {
      bucket = new TokenBucket(rate);
      this.buckets.set(accountId, bucket);
    }
    return bucket;
  }

  sweep(now = Date.now()): void {
    for (const [accountId, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(accountId);
  }

  get size(): number {
    return this.buckets.size;
  }
}
