import type { WebhookDoc } from '@wildcat/store';
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { DeliverySlots } from '../src/delivery-slots.js';
import { createSubscriptionMatcher } from '../src/subscription-matcher.js';

function hook(accountId: string | null, events: string[] | null = null): WebhookDoc {
  return {
    _id: new ObjectId(),
    accountId,
    url: 'https://example.com/hook',
    events,
    format: 'envelope',
    enabled: true,
    createdAt: new Date(),
  };
}

describe('subscription matcher', () => {
  function setup() {
    let now = 1_000_000;
    const hooks: WebhookDoc[] = [];
    const queries: string[][] = [];
    const matcher = createSubscriptionMatcher(
      {
        async enabledFor(accountIds) {
          queries.push([...accountIds]);
          return hooks.filter((h) => h.accountId === null || accountIds.includes(h.accountId));
        },
      },
      { ttlMs: 1_000, skewMs: 100, now: () => now },
    );
    return { matcher, hooks, queries, advance: (ms: number) => (now += ms), now: () => now };
  }

  it('answers from one read only events queued before it, and only for ttlMs', async () => {
    const { matcher, hooks, queries, advance, now } = setup();
    hooks.push(hook('a'), hook(null), hook('b'), hook('a', ['message.ack']));
    const queued = now();
    advance(200);
    expect(await matcher.matching('a', 'message', queued)).toHaveLength(2);
    expect(queries).toHaveLength(1);
    // Queued before that read (a backlog): served by it.
    expect(await matcher.matching('a', 'message.ack', queued)).toHaveLength(3);
    expect(queries).toHaveLength(1);
    // Queued after it: a subscription created meanwhile must be seen, so it reads again.
    hooks.push(hook('a'));
    expect(await matcher.matching('a', 'message', now())).toHaveLength(3);
    expect(queries).toHaveLength(2);
    // Too old: read again, even for a backlog.
    advance(1_001);
    expect(await matcher.matching('a', 'message', queued)).toHaveLength(3);
    expect(queries).toHaveLength(3);
  });

  it('reads the accounts of concurrent events in one query, and forgets on demand', async () => {
    const { matcher, hooks, queries, now } = setup();
    hooks.push(hook('a'), hook('b'), hook(null));
    const [a, b, c] = await Promise.all([
      matcher.matching('a', 'message', now()),
      matcher.matching('b', 'message', now()),
      matcher.matching('c', 'message', now()),
    ]);
    expect([a.length, b.length, c.length]).toEqual([2, 2, 1]);
    expect(queries).toEqual([['a', 'b', 'c']]);
    matcher.forget();
    await matcher.matching('a', 'message', now() - 1_000);
    expect(queries).toHaveLength(2);
  });
});

describe('delivery slots', () => {
  it('hands slots out in order and never more than the size', async () => {
    const slots = new DeliverySlots(2);
    const first = slots.acquire();
    const second = slots.acquire();
    const third = slots.acquire();
    expect(typeof first).toBe('function');
    expect(third).toBeInstanceOf(Promise);
    expect(slots.inFlight).toBe(2);
    (first as () => void)();
    (first as () => void)();
    const release = await third;
    expect(slots.inFlight).toBe(2);
    (second as () => void)();
    release();
    expect(slots.inFlight).toBe(0);
  });
});

describe('write batcher lanes', () => {
  it('with lanes, a batch goes out while an earlier one is in flight; idle waits for all', async () => {
    const { WriteBatcher } = await import('@wildcat/redis-bus');
    const writes: number[][] = [];
    const pending: Array<() => void> = [];
    const batcher = new WriteBatcher<number>(
      (items) => {
        writes.push(items);
        return new Promise<void>((resolve) => pending.push(resolve));
      },
      500,
      0,
      2,
    );
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.add(2);
    await new Promise((resolve) => setImmediate(resolve));
    // Both writes are in flight although the first has not answered.
    expect(writes).toEqual([[1], [2]]);
    const third = batcher.add(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    let idle = false;
    void batcher.idle().then(() => (idle = true));
    pending.shift()?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([[1], [2], [3]]);
    pending.shift()?.();
    pending.shift()?.();
    await Promise.all([second, third]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(true);
  });
});
