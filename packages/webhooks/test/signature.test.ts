import { describe, expect, it } from 'vitest';
import { signWildcatPayload, verifyWildcatSignature } from '../src/index.js';

const secret = 'whsec_test';
const body = JSON.stringify({ id: 'message.acc.1', type: 'message' });
const now = 1_760_000_000_000;
const ts = String(now / 1000);

function headersFor(signature: string, timestamp = ts) {
  return { 'x-wildcat-timestamp': timestamp, 'x-wildcat-signature': signature };
}

describe('verifyWildcatSignature', () => {
  it('accepts a signature over "<timestamp>.<raw body>"', () => {
    const signature = signWildcatPayload(secret, ts, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWildcatSignature(secret, headersFor(signature), body, 300, now)).toEqual({
      ok: true,
      timestamp: now / 1000,
    });
    expect(verifyWildcatSignature(secret, headersFor(signature), Buffer.from(body), 300, now).ok).toBe(true);
  });

  it('reads a fetch Headers object too', () => {
    const headers = new Headers(headersFor(signWildcatPayload(secret, ts, body)));
    expect(verifyWildcatSignature(secret, headers, body, 300, now).ok).toBe(true);
  });

  it('rejects a changed body, another secret, a missing header and a bad timestamp', () => {
    const signature = signWildcatPayload(secret, ts, body);
    expect(verifyWildcatSignature(secret, headersFor(signature), `${body} `, 300, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyWildcatSignature('other', headersFor(signature), body, 300, now).ok).toBe(false);
    expect(verifyWildcatSignature(secret, { 'x-wildcat-timestamp': ts }, body, 300, now)).toEqual({
      ok: false,
      reason: 'missing_headers',
    });
    expect(verifyWildcatSignature(secret, headersFor(signature, '12ab'), body, 300, now)).toEqual({
      ok: false,
      reason: 'bad_timestamp',
    });
  });

  it('rejects a timestamp outside the tolerance even with a valid signature (replay)', () => {
    const old = String(now / 1000 - 301);
    const signature = signWildcatPayload(secret, old, body);
    expect(verifyWildcatSignature(secret, headersFor(signature, old), body, 300, now)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verifyWildcatSignature(secret, headersFor(signature, old), body, 600, now).ok).toBe(true);
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const both = `${signWildcatPayload('old', ts, body)},${signWildcatPayload(secret, ts, body)}`;
    expect(verifyWildcatSignature(secret, headersFor(both), body, 300, now).ok).toBe(true);
  });
});
