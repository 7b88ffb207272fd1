import type { JobResult } from '@wildcat/jobs';
import { HttpError } from '../errors/http-error.js';

const KNOWN_STATUSES = new Set([400, 403, 404, 409, 410, 413, 422, 429, 502, 503]);

/**
 * A worker's failed result as the client sees it: the status the worker chose (404 unknown
 * account, 409 not connected, 429 rate limited with Retry-After, 502 WhatsApp refused).
 */
export function jobFailure(result: JobResult, extra: Record<string, unknown> = {}): HttpError {
  const status = result.httpStatus && KNOWN_STATUSES.has(result.httpStatus) ? result.httpStatus : 502;
  const headers: Record<string, string> = {};
  if (status === 429 || status === 503) {
    headers['retry-after'] = String(Math.max(1, Math.ceil((result.retryAfterMs ?? 1_000) / 1_000)));
  }
  return new HttpError(status, result.error ?? 'Failed to send', extra, headers);
}
