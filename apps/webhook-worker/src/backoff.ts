import { RetryAfterError } from './retry-after-error.js';

/** The BullMQ backoff type name the delivery jobs carry; the worker supplies the strategy. */
export const DELIVERY_BACKOFF_TYPE = 'wildcat-full-jitter';

/** Retry-After is honoured up to this long; a longer ask is treated as this. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^(n-1))] before
 * retry n, so endpoints that fail together do not get hammered together when they come back.
 */
export function fullJitterDelay(
  attemptsMade: number,
  settings: BackoffSettings,
  random = Math.random,
): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  return Math.floor(random() * (ceiling + 1));
}

/**
 * The worker's `settings.backoffStrategy`. A failure that carries a Retry-After (429/503) waits
 * exactly that long instead of the jittered delay.
 */
export function deliveryBackoffStrategy(settings: BackoffSettings) {
  return (attemptsMade: number, _type?: string, error?: Error): number => {
    if (error instanceof RetryAfterError) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
    return fullJitterDelay(attemptsMade, settings);
  };
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1_000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(date - nowMs, 0), MAX_RETRY_AFTER_MS);
}
