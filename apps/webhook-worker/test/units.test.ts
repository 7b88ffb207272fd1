import { describe, expect, it } from 'vitest';
import { deliveryBackoffStrategy, fullJitterDelay, parseRetryAfter } from '../src/backoff.js';
import { CircuitBreakers } from '../src/circuit-breakers.js';
import { EndpointLimiter, type Release } from '../src/endpoint-limiter.js';
import { RetryAfterError } from '../src/retry-after-error.js';
import { judge } from '../src/verdict.js';

describe('full-jitter backoff', () => {
  const settings = { baseMs: 5_000, maxMs: 600_000 };

  it('draws from [0, min(max, base·2^(n-1))]', () => {
    const top = () => 0.9999999;
    expect(fullJitterDelay(1, settings, top)).toBe(5_000);
    expect(fullJitterDelay(3, settings, top)).toBe(20_000);
    expect(fullJitterDelay(8, settings, top)).toBe(600_000);
    expect(fullJitterDelay(40, settings, top)).toBe(600_000);
    expect(fullJitterDelay(2, settings, () => 0.5)).toBe(5_000);
    expect(fullJitterDelay(5, settings, () => 0)).toBe(0);
  });

  it('uses Retry-After when the error carries one', () => {
    const strategy = deliveryBackoffStrategy(settings);
    expect(strategy(1, 'x', new RetryAfterError('429', 7_000))).toBe(7_000);
    expect(strategy(2, 'x', new Error('500'))).toBeLessThanOrEqual(10_000);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2025-11-08T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 08 Nov 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 08 Nov 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('judge', () => {
  const response = (statusCode: number, retryAfterMs?: number) => ({
    kind: 'response' as const,
    statusCode,
    retryAfterMs,
    body: '',
    durationMs: 1,
  });

  it('retries 408, 429 and 5xx, not other 4xx or redirects', () => {
    expect(judge(response(204)).kind).toBe('delivered');
    expect(judge(response(408))).toMatchObject({ kind: 'retry', endpointFault: false });
    expect(judge(response(429, 5_000))).toMatchObject({ kind: 'retry', retryAfterMs: 5_000 });
    expect(judge(response(502))).toMatchObject({ kind: 'retry', endpointFault: true });
    expect(judge(response(410)).kind).toBe('gone');
    expect(judge(response(404)).kind).toBe('rejected');
    expect(judge(response(301))).toMatchObject({
      kind: 'rejected',
      error: 'HTTP 301: redirects are not followed',
    });
    expect(judge({ kind: 'error', error: 'ECONNREFUSED', unsafe: false, durationMs: 1 })).toMatchObject({
      kind: 'retry',
      endpointFault: true,
    });
    expect(judge({ kind: 'error', error: 'loopback', unsafe: true, durationMs: 1 }).kind).toBe('rejected');
  });
});

describe('CircuitBreakers', () => {
  it('opens after the threshold, lets one probe through after the cooldown, closes on success', () => {
    let now = 0;
    const breakers = new CircuitBreakers({ failureThreshold: 3, cooldownMs: 1_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(breakers.acquire('a')).toEqual({ allowed: true, probe: false });
      breakers.release('a', 'failure', false);
    }
    expect(breakers.acquire('a')).toEqual({ allowed: false, retryInMs: 1_000 });
    expect(breakers.acquire('b').allowed).toBe(true);
    expect(breakers.openCount()).toBe(1);
    now = 1_000;
    expect(breakers.acquire('a')).toEqual({ allowed: true, probe: true });
    expect(breakers.acquire('a').allowed).toBe(false);
    breakers.release('a', 'failure', true);
    expect(breakers.acquire('a')).toEqual({ allowed: false, retryInMs: 1_000 });
    now = 2_000;
    expect(breakers.acquire('a')).toEqual({ allowed: true, probe: true });
    breakers.release('a', 'success', true);
    expect(breakers.acquire('a')).toEqual({ allowed: true, probe: false });
    expect(breakers.openCount()).toBe(0);
  });

  it('treats a neutral probe (endpoint answered 4xx) as alive', () => {
    let now = 0;
    const breakers = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    breakers.release('a', 'failure', false);
    now = 100;
    expect(breakers.acquire('a')).toEqual({ allowed: true, probe: true });
    breakers.release('a', 'neutral', true);
    expect(breakers.acquire('a')).toEqual({ allowed: true, probe: false });
  });
});

describe('EndpointLimiter', () => {
  it('caps in-flight deliveries per endpoint, queues a bounded few, refuses the rest', async () => {
    const limiter = new EndpointLimiter(2, 1);
    const first = limiter.tryAcquire('a') as Release;
    const second = limiter.tryAcquire('a') as Release;
    const waiting = limiter.tryAcquire('a');
    expect(waiting).toBeInstanceOf(Promise);
    expect(limiter.tryAcquire('a')).toBeUndefined();
    expect(typeof limiter.tryAcquire('b')).toBe('function');
    first();
    first();
    const third = await (waiting as Promise<Release>);
    expect(limiter.inFlight('a')).toBe(2);
    second();
    third();
    expect(limiter.inFlight('a')).toBe(0);
  });
});
