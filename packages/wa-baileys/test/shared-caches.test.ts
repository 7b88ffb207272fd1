import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngineCaches, SharedTtlCache, scopedCache } from '../src/shared-caches.js';

describe('shared caches: one map per kind, keys scoped per socket', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('two sockets seeing the same message id keep separate entries (retry counts, resend marks)', () => {
    const shared = new SharedTtlCache(60_000);
    const a = scopedCache(shared, 'acc-a#1');
    const b = scopedCache(shared, 'acc-b#2');
    a.set('3EB0ABC:123@s.whatsapp.net', 2);
    expect(b.get('3EB0ABC:123@s.whatsapp.net')).toBeUndefined();
    b.set('3EB0ABC:123@s.whatsapp.net', 1);
    expect(a.get('3EB0ABC:123@s.whatsapp.net')).toBe(2);
    a.del('3EB0ABC:123@s.whatsapp.net');
    expect(b.get('3EB0ABC:123@s.whatsapp.net')).toBe(1);
    shared.close();
  });

  it("flushAll and release drop only that socket's entries", () => {
    const caches = createEngineCaches();
    const one = caches.forSession('acc#1');
    const two = caches.forSession('acc#2');
    one.config.placeholderResendCache?.set('MSG1', true);
    two.config.placeholderResendCache?.set('MSG1', true);
    one.release();
    expect(one.config.placeholderResendCache?.get('MSG1')).toBeUndefined();
    expect(two.config.placeholderResendCache?.get('MSG1')).toBe(true);
    caches.close();
  });

  it('entries expire after their TTL, and the sweep timer stops once the map is empty', () => {
    vi.useFakeTimers();
    const shared = new SharedTtlCache(5_000, 1_000);
    const view = scopedCache(shared, 's');
    view.set('call-1', { isVideo: true });
    expect(view.get('call-1')).toEqual({ isVideo: true });
    vi.advanceTimersByTime(6_000);
    expect(shared.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    shared.close();
  });
});
