import { RESULTS_CHANNEL, sendBacklogKey } from '@wildcat/redis-bus';
import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultPublisher } from '../src/results/result-publisher.js';

let server: PrivateRedis;
let redis: Redis;
let subscriber: Redis;
const received: unknown[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  subscriber = new Redis(server.url);
  await subscriber.subscribe(RESULTS_CHANNEL);
  subscriber.on('message', (_channel, message) => received.push(JSON.parse(message)));
});

afterAll(async () => {
  subscriber.disconnect();
  redis.disconnect();
  await server.destroy();
});

describe('ResultPublisher', () => {
  it('publishes each result as its own message, in order, also when many finish together', async () => {
    const publisher = new ResultPublisher(redis);
    const results = Array.from({ length: 20 }, (_, i) => ({ queue: 'send-00', jobId: `J${i}`, ok: true }));
    await Promise.all(results.map((result) => publisher.publish(result)));
    await publisher.publish({
      queue: 'send-00',
      jobId: 'F1',
      ok: false,
      error: 'not connected',
      httpStatus: 409,
    });
    await waitFor(() => received.length === 21);
    expect(received).toEqual([
      ...results,
      { queue: 'send-00', jobId: 'F1', ok: false, error: 'not connected', httpStatus: 409 },
    ]);
  });

  it('rejects a malformed result alone', async () => {
    const publisher = new ResultPublisher(redis);
    const outcomes = await Promise.allSettled([
      publisher.publish({ queue: 'send-00', jobId: 'BAD', ok: 'yes' } as never),
      publisher.publish({ queue: 'send-00', jobId: 'J-ok', ok: true }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
  });

  it('takes a finished send out of its account’s backlog with its result', async () => {
    const publisher = new ResultPublisher(redis);
    // As the gateway's send-enqueue script counts them in.
    await redis.zadd(sendBacklogKey('send-00', 'acct'), Date.now(), 'M1', Date.now(), 'M2');
    received.length = 0;
    await Promise.all([
      publisher.finishSend({ queue: 'send-00', jobId: 'M1', messageId: 'M1', ok: true }, 'acct'),
      publisher.publish({ queue: 'send-00', jobId: 'J-other', ok: true }),
    ]);
    expect(await redis.zrange(sendBacklogKey('send-00', 'acct'), 0, -1)).toEqual(['M2']);
    await waitFor(() => received.length === 2);
  });
});
