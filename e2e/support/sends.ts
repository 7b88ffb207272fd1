import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from './api.js';

/** One HTTP attempt of a send: its status, or the network error it died of. */
export interface Attempt {
  status: number | 'network';
  ms: number;
  gateway?: string;
  error?: string;
}

export interface SendRecord {
  key: string;
  accountId: string;
  to: string;
  text: string;
  /** The messageId of the 2xx answer; undefined when it never got one. */
  messageId?: string;
  attempts: Attempt[];
}

export interface SendOptions {
  /** `?wait=false`: 202 once queued instead of 200 once sent. */
  noWait?: boolean;
  /** Statuses after which the client tries again with the same Idempotency-Key. */
  retryOn?: ReadonlySet<number>;
  /** Give up after this long (default 90 s). */
  deadlineMs?: number;
  via?: number;
}

/** Unknown outcome or a backend away: the same key makes a retry safe. */
export const TRANSIENT = new Set([500, 502, 503, 504]);

/**
 * A text send as a careful client makes it: one Idempotency-Key per message, retried with the same
 * key after a network error or a transient status until a 2xx (or the deadline).
 */
export async function sendText(
  api: Api,
  accountId: string,
  to: string,
  text: string,
  key: string,
  options: SendOptions = {},
): Promise<SendRecord> {
  const record: SendRecord = { key, accountId, to, text, attempts: [] };
  const retryOn = options.retryOn ?? TRANSIENT;
  const deadline = Date.now() + (options.deadlineMs ?? 90_000);
  const path = `/accounts/${accountId}/message/send${options.noWait ? '?wait=false' : ''}`;
  while (Date.now() < deadline) {
    const started = Date.now();
    try {
      const response = await api.call('POST', path, {
        body: { to, message: text },
        headers: { 'Idempotency-Key': key },
        via: options.via,
        timeoutMs: 45_000,
      });
      record.attempts.push({ status: response.status, ms: response.ms, gateway: response.gateway });
      if (response.status === 200 || response.status === 202) {
        record.messageId = String(response.json.messageId);
        return record;
      }
      if (!retryOn.has(response.status)) {
        record.attempts[record.attempts.length - 1]!.error = JSON.stringify(response.json);
        return record;
      }
      const retryAfter = Number(response.headers.get('retry-after') ?? 0);
      await sleep(Math.min(Math.max(retryAfter * 1_000, 250), 1_000));
    } catch (error) {
      record.attempts.push({ status: 'network', ms: Date.now() - started, error: (error as Error).message });
      await sleep(250);
    }
  }
  return record;
}

/** Statuses seen over all attempts, e.g. `{ 200: 990, 504: 3 }`, for assertion messages. */
export function statusCounts(records: readonly SendRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records)
    for (const attempt of record.attempts) counts[attempt.status] = (counts[attempt.status] ?? 0) + 1;
  return counts;
}

/** Runs `work` over `items` with at most `concurrency` at once, in order per worker lane. */
export async function inLanes<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}
