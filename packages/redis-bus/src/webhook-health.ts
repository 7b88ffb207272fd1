import type { Redis } from 'ioredis';
import { WEBHOOK_BREAKERS_KEY, webhookAttemptsKey } from './traffic-counter.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface WebhookHealth {
  webhookId: string;
  ok: number;
  failed: number;
  /** failed / (ok + failed), 0..1. */
  failureRate: number;
  breaker: BreakerState;
  /** While open: when the next probe may go (ms epoch). */
  breakerOpenUntil?: number;
}

/** A breaker whose cooldown ended this long ago without a probe's word is a dead worker's leftover. */
const STALE_BREAKER_MS = 15 * 60_000;

/**
 * The webhooks with the worst failure rate over the last `minutes` minutes (the current one
 * included), and every webhook whose breaker is open or half-open anywhere: two round trips,
 * whose size follows the failing webhooks, not all of them.
 */
export async function readWebhookHealth(
  redis: Redis,
  options: { minutes?: number; limit?: number; now?: number } = {},
): Promise<WebhookHealth[]> {
  const minutes = options.minutes ?? 15;
  const now = options.now ?? Date.now();
  const current = Math.floor(now / 60_000);
  const range = Array.from({ length: minutes }, (_, index) => current - index);
  const first = redis.pipeline();
  for (const minute of range) first.hgetall(webhookAttemptsKey('failed', minute));
  first.hgetall(WEBHOOK_BREAKERS_KEY);
  const replies = (await first.exec()) ?? [];
  const failed = new Map<string, number>();
  for (const [error, hash] of replies.slice(0, minutes)) {
    if (error) throw error;
    for (const [id, value] of Object.entries((hash ?? {}) as Record<string, string>))
      failed.set(id, (failed.get(id) ?? 0) + (Number(value) || 0));
  }
  const [breakerError, breakerHash] = replies[minutes] ?? [null, {}];
  if (breakerError) throw breakerError;
  const breakers = new Map<string, number>();
  for (const [id, raw] of Object.entries((breakerHash ?? {}) as Record<string, string>)) {
    try {
      const { openUntil } = JSON.parse(raw) as { openUntil: number };
      if (now - openUntil < STALE_BREAKER_MS) breakers.set(id, openUntil);
    } catch {
      // A garbled entry says nothing about the breaker.
    }
  }
  const ids = [...new Set([...failed.keys(), ...breakers.keys()])];
  if (ids.length === 0) return [];
  const second = redis.pipeline();
  for (const minute of range) second.hmget(webhookAttemptsKey('ok', minute), ...ids);
  const okReplies = (await second.exec()) ?? [];
  const ok = new Map<string, number>();
  for (const [error, values] of okReplies) {
    if (error) throw error;
    (values as (string | null)[]).forEach((value, index) => {
      const id = ids[index] as string;
      ok.set(id, (ok.get(id) ?? 0) + (Number(value) || 0));
    });
  }
  const health = ids.map((webhookId): WebhookHealth => {
    const okCount = ok.get(webhookId) ?? 0;
    const failedCount = failed.get(webhookId) ?? 0;
    const openUntil = breakers.get(webhookId);
    const total = okCount + failedCount;
    return {
      webhookId,
      ok: okCount,
      failed: failedCount,
      failureRate: total === 0 ? 0 : failedCount / total,
      breaker: openUntil === undefined ? 'closed' : openUntil > now ? 'open' : 'half-open',
      ...(openUntil !== undefined && openUntil > now ? { breakerOpenUntil: openUntil } : {}),
    };
  });
  // Open breakers first, then the highest failure rate, then the most failures.
  const rank = (h: WebhookHealth) => (h.breaker === 'closed' ? 0 : 1);
  health.sort((a, b) => rank(b) - rank(a) || b.failureRate - a.failureRate || b.failed - a.failed);
  return health.slice(0, options.limit ?? 10);
}
