import { createHmac, timingSafeEqual } from 'node:crypto';
import { WILDCAT_HEADERS } from './headers.js';

/** Incoming headers as Node gives them, or a fetch `Headers`. */
export type HeaderSource =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the X-Wildcat-Signature value. */
export function signWildcatPayload(
  secret: string,
  timestamp: string | number,
  rawBody: string | Buffer,
): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `v1=${hmac.digest('hex')}`;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function')
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * What a receiver runs: the signature must match and the timestamp (unix seconds) must be within
 * `toleranceSeconds` of now, which stops a captured request from being replayed later. Several
 * `v1=` values (comma separated) are accepted so a secret can be rotated.
 */
export function verifyWildcatSignature(
  secret: string,
  headers: HeaderSource,
  rawBody: string | Buffer,
  toleranceSeconds = 300,
  nowMs = Date.now(),
): VerifyResult {
  const timestamp = header(headers, WILDCAT_HEADERS.timestamp);
  const signature = header(headers, WILDCAT_HEADERS.signature);
  if (!timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const seconds = Number(timestamp);
  if (Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signWildcatPayload(secret, timestamp, rawBody));
  const matches = signature
    .split(',')
    .map((part) => Buffer.from(part.trim()))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  return matches ? { ok: true, timestamp: seconds } : { ok: false, reason: 'bad_signature' };
}
