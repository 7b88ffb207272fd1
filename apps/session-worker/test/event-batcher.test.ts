import { EVENTS_QUEUE, queuePrefix, type WildcatEvent } from '@wildcat/jobs';
import {
  EVENTS_STREAM,
  rebuildWebhookInterest,
  redisOptions,
  WEBHOOK_INTEREST_KEY,
  withWebhookInterest,
} from '@wildcat/redis-bus';
import { type PrivateRedis, startRedis } from '@wildcat/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBatcher } from '../src/events/event-batcher.js';

let server: PrivateRedis;
let redis: Redis;
let queue: Queue;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  queue = new Queue(EVENTS_QUEUE, {
    prefix: queuePrefix(EVENTS_QUEUE),
    connection: redisOptions(server.url, 'blocking'),
  });
});

afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await server.destroy();
});

const ack = (messageId: string): WildcatEvent => ({
  id: `message.ack.acc.${messageId}.delivered`,
  type: 'message.ack',
  accountId: 'acc',
  timestamp: 1_700_000_000_000,
  data: { messageId, status: 'delivered' },
});

const streamed = async () =>
  (await redis.xrange(EVENTS_STREAM, '-', '+')).map(([, fields]) => JSON.parse(fields[1] ?? '{}').id);

describe('EventBatcher', () => {
  it('puts each event in the stream and on the events queue, in order, in one round trip per batch', async () => {
    const batcher = new EventBatcher(redis, queue);
    const bulk = vi.spyOn(queue, 'addBulk');
    await Promise.all(['M1', 'M2', 'M3'].map((id) => batcher.publish(ack(id))));
    expect(bulk).toHaveBeenCalledTimes(1);
    bulk.mockRestore();
    expect(await streamed()).toEqual([
      'message.ack.acc.M1.delivered',
      'message.ack.acc.M2.delivered',
      'message.ack.acc.M3.delivered',
    ]);
    const job = await queue.getJob('message.ack.acc.M2.delivered');
    expect(job?.data).toEqual(ack('M2'));
    expect(job?.opts.attempts).toBe(10);
  });

  it('adds a re-published event to the queue once (job id = event id)', async () => {
    const batcher = new EventBatcher(redis, queue);
    await batcher.publish(ack('M4'));
    await Promise.all([batcher.publish(ack('M4')), batcher.publish(ack('M5'))]);
    const ids = (await queue.getJobs(['waiting'])).map((job) => job.id).sort();
    expect(ids.filter((id) => id === 'message.ack.acc.M4.delivered')).toHaveLength(1);
    expect(ids).toContain('message.ack.acc.M5.delivered');
  });

  it('rejects a malformed event alone and publishes the rest', async () => {
    const batcher = new EventBatcher(redis, queue);
    const results = await Promise.allSettled([
      batcher.publish({ ...ack('M6'), id: 'has:colon' }),
      batcher.publish(ack('M7')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(await streamed()).toContain('message.ack.acc.M7.delivered');
  });

  it('rejects the events of a batch Redis refused, and publishes the next batch', async () => {
    const batcher = new EventBatcher(redis, queue);
    const bulk = vi.spyOn(queue, 'addBulk').mockRejectedValueOnce(new Error('READONLY'));
    await expect(batcher.publish(ack('M8'))).rejects.toThrow('READONLY');
    await batcher.publish(ack('M9'));
    bulk.mockRestore();
    expect(await queue.getJob('message.ack.acc.M9.delivered')).toBeDefined();
  });

  it('queues only the events some subscription may want once the interest registry is built; streams all', async () => {
    const batcher = new EventBatcher(redis, queue);
    const other = (messageId: string): WildcatEvent => ({
      ...ack(messageId),
      accountId: 'other',
      id: `message.ack.other.${messageId}.delivered`,
    });
    // Built from MongoDB with one global (seed) subscription: it wants `message` events only.
    await rebuildWebhookInterest(redis, async () => [{ accountId: null, types: ['message'] }]);
    await Promise.all([batcher.publish(ack('S1')), batcher.publish(other('S1'))]);
    expect(await queue.getJob('message.ack.acc.S1.delivered')).toBeUndefined();
    expect(await queue.getJob('message.ack.other.S1.delivered')).toBeUndefined();
    expect(await streamed()).toEqual(
      expect.arrayContaining(['message.ack.acc.S1.delivered', 'message.ack.other.S1.delivered']),
    );

    // An account subscribes to its acks: from then on its acks are queued, the other's are not.
    await withWebhookInterest(redis, { accountId: 'acc', types: ['message.ack'] }, async () => undefined);
    await Promise.all([batcher.publish(ack('S2')), batcher.publish(other('S2'))]);
    expect(await queue.getJob('message.ack.acc.S2.delivered')).toBeDefined();
    expect(await queue.getJob('message.ack.other.S2.delivered')).toBeUndefined();

    // Every event type of the other account (envelope without a list).
    await withWebhookInterest(redis, { accountId: 'other', types: 'all' }, async () => undefined);
    await batcher.publish(other('S3'));
    expect(await queue.getJob('message.ack.other.S3.delivered')).toBeDefined();

    // No registry (Redis restarted, never built) means unknown: everything is queued.
    await redis.del(WEBHOOK_INTEREST_KEY);
    await batcher.publish(other('S4'));
    expect(await queue.getJob('message.ack.other.S4.delivered')).toBeDefined();
  });
});
