import { beforeEach, describe, expect, it } from 'vitest';
import {
  probeWebhookInterest,
  rebuildWebhookInterest,
  WEBHOOK_INTEREST_KEY,
  type WebhookInterest,
  withWebhookInterest,
} from '../src/index.js';
import { useRedis } from './redis-fixture.js';

const bus = useRedis();

beforeEach(async () => {
  await bus.redis.flushall();
});

/** Which of these (account, type) events would be queued now. */
async function queued(events: Array<[string, string]>): Promise<boolean[]> {
  const pipeline = bus.redis.pipeline();
  const read = probeWebhookInterest(
    pipeline,
    events.map(([accountId, type]) => ({ accountId, type })),
  );
  const [reply] = (await pipeline.exec()) ?? [];
  return read(reply as [Error | null, unknown]);
}

describe('webhook-interest registry', () => {
  it('queues everything while no registry was built, and what some subscription wants once it is', async () => {
    expect(await queued([['a', 'message.ack']])).toEqual([true]);
    await rebuildWebhookInterest(bus.redis, async () => [
      { accountId: null, types: ['message'] },
      { accountId: 'b', types: 'all' },
      { accountId: 'c', types: ['message.ack', 'account.status'] },
    ]);
    expect(
      await queued([
        ['a', 'message.ack'],
        ['a', 'message'],
        ['b', 'message.reaction'],
        ['c', 'message.ack'],
        ['c', 'message.reaction'],
      ]),
    ).toEqual([false, true, true, true, false]);
  });

  it('an empty registry (no subscription at all) queues nothing; adding one queues its events at once', async () => {
    await rebuildWebhookInterest(bus.redis, async () => []);
    expect(await queued([['a', 'message.ack']])).toEqual([false]);
    const stored = await withWebhookInterest(
      bus.redis,
      { accountId: 'a', types: ['message.ack'] },
      async () => {
        // While the subscription is being stored its events are already queued.
        expect(await queued([['a', 'message.ack']])).toEqual([true]);
        return 'stored';
      },
    );
    expect(stored).toBe('stored');
    expect(await queued([['a', 'message.ack']])).toEqual([true]);
  });

  it('a rebuild never drops a subscription stored while it read MongoDB', async () => {
    await rebuildWebhookInterest(bus.redis, async () => []);
    const mongo: WebhookInterest[] = [];
    let raced = false;
    const replaced = await rebuildWebhookInterest(bus.redis, async () => {
      const seen = [...mongo];
      if (!raced) {
        // The subscription is stored after this read saw MongoDB without it.
        raced = true;
        await withWebhookInterest(bus.redis, { accountId: 'late', types: 'all' }, async () => {
          mongo.push({ accountId: 'late', types: 'all' });
        });
      }
      return seen;
    });
    expect(replaced).toBe(true);
    expect(await queued([['late', 'message.ack']])).toEqual([true]);
  });

  it('a rebuild drops what MongoDB no longer has, and adding to an absent registry leaves it absent', async () => {
    await withWebhookInterest(bus.redis, { accountId: 'gone', types: 'all' }, async () => undefined);
    expect(await bus.redis.exists(WEBHOOK_INTEREST_KEY)).toBe(0);
    await rebuildWebhookInterest(bus.redis, async () => [{ accountId: 'gone', types: 'all' }]);
    expect(await queued([['gone', 'message']])).toEqual([true]);
    await rebuildWebhookInterest(bus.redis, async () => []);
    expect(await queued([['gone', 'message']])).toEqual([false]);
  });
});
