import type { AttemptRecord } from '@wildcat/store';
import type { DeliveryOutcome } from './metrics.js';
import type { Verdict } from './verdict.js';

export interface AttemptOutcome {
  /** delivered: done; dead: keep as a dead letter; retry: another attempt after a backoff. */
  kind: 'delivered' | 'dead' | 'retry';
  record: AttemptRecord;
  metric: DeliveryOutcome;
  /** 410 Gone: the subscription is to be disabled. */
  disable: boolean;
  /** Set for a retry the endpoint asked to delay (429/503 Retry-After). */
  retryAfterMs?: number;
}

/**
 * What one attempt's verdict means for the delivery record and what happens next; shared by the
 * delivery jobs and the fan-out's direct deliveries, so both record the same things.
 * `last` = this was the delivery's last allowed attempt.
 */
export function attemptOutcome(verdict: Verdict, last: boolean): AttemptOutcome {
  if (verdict.kind === 'delivered')
    return {
      kind: 'delivered',
      record: { status: 'delivered', statusCode: verdict.statusCode },
      metric: 'delivered',
      disable: false,
    };
  if (verdict.kind === 'gone')
    return {
      kind: 'dead',
      record: {
        status: 'dead',
        statusCode: verdict.statusCode,
        error: `${verdict.error} (subscription disabled)`,
      },
      metric: 'gone',
      disable: true,
    };
  const record = {
    status: 'dead' as const,
    ...(verdict.statusCode !== undefined ? { statusCode: verdict.statusCode } : {}),
    error: verdict.error,
  };
  if (verdict.kind === 'rejected') return { kind: 'dead', record, metric: 'rejected', disable: false };
  if (last) return { kind: 'dead', record, metric: 'dead', disable: false };
  return {
    kind: 'retry',
    record: { ...record, status: 'retrying' },
    metric: 'retry',
    disable: false,
    ...(verdict.retryAfterMs !== undefined ? { retryAfterMs: verdict.retryAfterMs } : {}),
  };
}
