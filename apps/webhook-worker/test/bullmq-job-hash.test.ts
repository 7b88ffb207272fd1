import { createRequire } from 'node:module';
import { queuePrefix, WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import { connectRedis, redisOptions } from '@wildcat/redis-bus';
import { type PrivateRedis, startRedis } from '@wildcat/testkit';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCompletedJobs, BULLMQ_VERIFIED_VERSION, countEarlierAttempts } from '../src/bullmq-job-hash.js';
import { deliveryJobOptions } from '../src/queue-workers.js';

// Our job-hash writes imitate BullMQ's private layout. These tests hold them against what the
// installed BullMQ itself writes, so an upgrade that changes the layout fails here, not in
// production as retries that cannot find their job.
let redis: PrivateRedis;
let client: Redis;
let queue: Queue;
const opts = deliveryJobOptions({ WEBHOOK_MAX_ATTEMPTS: 5 });
const keep = { count: 1_000, ageSeconds: 3_600 };
const data = { deliveryId: 'd1', event: { type: 'message.received', n: 1 } };

beforeAll(async () => {
  redis = await startRedis();
  client = await connectRedis(redis.url, 'request');
  queue = new Queue(WEBHOOK_DELIVERIES_QUEUE, {
    prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
    connection: redisOptions(redis.url, 'blocking'),
  });
});

afterAll(async () => {
  await queue?.close();
  client?.disconnect();
  await redis?.destroy();
});

/** Runs one job through a real BullMQ worker and resolves it once completed. */
async function runToCompletion(id: string): Promise<void> {
  const worker = new Worker(WEBHOOK_DELIVERIES_QUEUE, async () => undefined, {
    prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
    connection: redisOptions(redis.url, 'blocking'),
  });
  const completed = new Promise<void>((resolve) =>
    worker.on('completed', (job) => {
      if (job.id === id) resolve();
    }),
  );
  await queue.add('deliver', data, { ...opts, jobId: id });
  await completed;
  await worker.close();
}

describe('the BullMQ job-hash writer', () => {
  it(`was verified against the installed BullMQ (${BULLMQ_VERIFIED_VERSION})`, () => {
    const installed = (createRequire(import.meta.url)('bullmq/package.json') as { version: string }).version;
    expect(
      installed,
      `BullMQ is ${installed}, src/bullmq-job-hash.ts was verified against ${BULLMQ_VERIFIED_VERSION}: ` +
        'compare its script with the new job layout (the other tests here), then move the pin',
    ).toBe(BULLMQ_VERIFIED_VERSION);
  });

  it('writes the fields and completed-set entry BullMQ writes for a job it ran', async () => {
    await runToCompletion('real');
    const finishedOn = Date.now();
    expect(
      await addCompletedJobs(client, queue, keep, [
        { id: 'ours', name: 'deliver', data, opts: { ...opts, jobId: 'ours' }, finishedOn },
      ]),
    ).toBe(1);

    const real = await client.hgetall(queue.toKey('real'));
    const ours = await client.hgetall(queue.toKey('ours'));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(real).sort());
    for (const field of ['name', 'data', 'delay', 'priority', 'atm', 'ats', 'returnvalue'])
      expect({ field, value: ours[field] }).toEqual({ field, value: real[field] });
    expect({ ...JSON.parse(ours.opts!), jobId: 'real' }).toEqual(JSON.parse(real.opts!));

    const completed = await client.zrange(queue.keys.completed!, 0, -1, 'WITHSCORES');
    expect(completed).toEqual(['real', real.finishedOn, 'ours', String(finishedOn)]);
    expect(await client.type(queue.keys.completed!)).toBe('zset');
  });

  it('is read back by BullMQ as the completed job it would have kept', async () => {
    const view = async (id: string) => {
      const job = (await Job.fromId(queue, id))!;
      return {
        state: await job.getState(),
        name: job.name,
        data: job.data,
        opts: { ...job.opts, jobId: undefined },
        attemptsMade: job.attemptsMade,
        attemptsStarted: job.attemptsStarted,
        returnvalue: job.returnvalue,
      };
    };
    expect(await view('ours')).toEqual(await view('real'));
    // What the gateway's retry by hand does with it.
    const job = (await Job.fromId(queue, 'ours'))!;
    await job.retry('completed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    expect(await job.getState()).toBe('waiting');
  });

  it('leaves an existing job alone', async () => {
    const before = await client.hgetall(queue.toKey('real'));
    expect(
      await addCompletedJobs(client, queue, keep, [
        { id: 'real', name: 'other', data: {}, opts: {}, finishedOn: 1 },
      ]),
    ).toBe(0);
    expect(await client.hgetall(queue.toKey('real'))).toEqual(before);
  });

  it('counts earlier attempts in the field BullMQ reads attemptsMade from', async () => {
    await queue.add('deliver', data, { ...opts, jobId: 'handed-off', delay: 60_000 });
    await countEarlierAttempts(client, queue, [{ id: 'handed-off', attemptsMade: 1 }]);
    expect((await Job.fromId(queue, 'handed-off'))!.attemptsMade).toBe(1);
  });
});
