import type { HttpResult } from './http-deliverer.js';

export type Verdict =
  | { kind: 'delivered'; statusCode: number }
  /** 410 Gone: the subscriber wants no more; the subscription is disabled. */
  | { kind: 'gone'; statusCode: number; error: string }
  /** Will not succeed by retrying: 4xx (not 408/429), redirects, forbidden addresses. */
  | { kind: 'rejected'; statusCode?: number; error: string }
  /** Worth another attempt; `endpointFault` feeds the circuit breaker. */
  | { kind: 'retry'; statusCode?: number; error: string; retryAfterMs?: number; endpointFault: boolean };

function snippet(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? `: ${text.slice(0, 200)}` : '';
}

/** What one HTTP result means for the delivery, the subscription and the endpoint's breaker. */
export function judge(result: HttpResult): Verdict {
  if (result.kind === 'error') {
    if (result.unsafe) return { kind: 'rejected', error: result.error };
    return { kind: 'retry', error: result.error, endpointFault: true };
  }
  const { statusCode, retryAfterMs } = result;
  const error = `HTTP ${statusCode}${snippet(result.body)}`;
  if (statusCode >= 200 && statusCode < 300) return { kind: 'delivered', statusCode };
  if (statusCode === 410) return { kind: 'gone', statusCode, error };
  if (statusCode === 408 || statusCode === 429) {
    return { kind: 'retry', statusCode, error, retryAfterMs, endpointFault: false };
  }
  if (statusCode >= 500) {
    // A 503 with Retry-After is an endpoint asking for room, honoured like a 429.
    return { kind: 'retry', statusCode, error, retryAfterMs, endpointFault: true };
  }
  if (statusCode >= 300 && statusCode < 400) {
    return { kind: 'rejected', statusCode, error: `HTTP ${statusCode}: redirects are not followed` };
  }
  return { kind: 'rejected', statusCode, error };
}
