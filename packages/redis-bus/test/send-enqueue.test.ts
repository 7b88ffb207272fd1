import { queuePrefix } from '@wildcat/jobs';
import { startRedis, waitFor } from '@wildcat/testkit';
import { type Job, Queue, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bullConnection,
  connectRedis,
  enqueueSends,
  leaveSendBacklog,
  ReplicationTimeoutError,
  SEND_BACKLOG_HORIZON_MS,
  type StandardJobEncoder,
  sendBacklogKey,
  standardJobEncoder,
} from '../src/index.js';
import { useRedis } from './redis-fixture.js';

const OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: 100 };

const bus = useRedis();
let queueNumber = 0;
const opened: Queue[] = [];

/** A fresh queue per test, as BullMQ's own tests do. */
async function freshQueue(): Promise<{ queue: Queue; encoder: StandardJobEncoder }> {
  const name = `send-${process.pid}-${queueNumber++}`;
  const queue = new Queue(name, { connection: bus.redis, prefix: queuePrefix(name) });
  await queue.waitUntilReady();
  opened.push(queue);
  return { queue, encoder: standardJobEncoder(queue, 'send', OPTIONS) };
}

const sends = (accountId: string, ids: readonly string[]) =>
  ids.map((messageId) => ({
    accountId,
    messageId,
    payload: { accountId, messageId, text: `hi ${messageId}` },
  }));

afterAll(async () => {
  for (const queue of opened) await queue.obliterate({ force: true }).catch(() => undefined);
  await Promise.all(opened.map((queue) => queue.close()));
});

describe('enqueueSends: backlog admission and BullMQ add in one call', () => {
  it('admits up to the limit, adds a job only for admitted sends, counts a retried message once', async () => {
    const { queue, encoder } = await freshQueue();
    expect(
      await enqueueSends(bus.redis, queue, encoder, sends('flood', ['m0', 'm1', 'm2', 'm3']), 3),
    ).toEqual([
      { admitted: true, size: 1 },
      { admitted: true, size: 2 },
      { admitted: true, size: 3 },
      { admitted: false, size: 3 },
    ]);
    expect(await queue.getJob('m3')).toBeUndefined();
    expect(await queue.getWaitingCount()).toBe(3);
    // The same message again (a client retry with its Idempotency-Key): no new place, no second job.
    expect(await enqueueSends(bus.redis, queue, encoder, sends('flood', ['m1']), 3)).toEqual([
      { admitted: true, size: 3 },
    ]);
    expect(await queue.getWaitingCount()).toBe(3);
    // Another account has its own backlog on the same queue.
    expect(await enqueueSends(bus.redis, queue, encoder, sends('quiet', ['q0']), 3)).toEqual([
      { admitted: true, size: 1 },
    ]);
    // A finished send frees its place.
    const pipeline = bus.redis.pipeline();
    leaveSendBacklog(pipeline, queue.name, 'flood', 'm0');
    await pipeline.exec();
    expect(await enqueueSends(bus.redis, queue, encoder, sends('flood', ['m3']), 3)).toEqual([
      { admitted: true, size: 3 },
    ]);
    expect((await queue.getJob('m3'))?.data).toEqual({ accountId: 'flood', messageId: 'm3', text: 'hi m3' });
  });

  it('writes the job queue.add writes: same fields, options, events, and a worker runs it', async () => {
    const { queue, encoder } = await freshQueue();
    const payload = { accountId: 'same', messageId: 'ours', text: 'ünïcode ✓', list: [1, 2] };
    await enqueueSends(bus.redis, queue, encoder, [{ accountId: 'same', messageId: 'ours', payload }], 0);
    await queue.add('send', { ...payload, messageId: 'theirs' }, { ...OPTIONS, jobId: 'theirs' });
    const [ours, theirs] = await Promise.all([queue.getJob('ours'), queue.getJob('theirs')]);
    const comparable = (job: Job | undefined) => {
      const { id, timestamp, data, ...rest } = job!.asJSON();
      return { ...rest, opts: { ...job!.opts, jobId: undefined }, data: JSON.parse(data).text };
    };
    expect(comparable(ours)).toEqual(comparable(theirs));
    expect(ours?.opts).toMatchObject({ ...OPTIONS, jobId: 'ours' });
    expect(Math.abs((ours?.timestamp ?? 0) - Date.now())).toBeLessThan(10_000);
    const events = await bus.redis.xrange(queue.keys.events as string, '-', '+');
    const eventsOf = (jobId: string) =>
      events.filter(([, fields]) => fields.includes(jobId)).map(([, fields]) => fields[1]);
    expect(eventsOf('ours')).toEqual(eventsOf('theirs'));

    const seen: unknown[] = [];
    const worker = new Worker(queue.name, async (job) => void seen.push([job.id, job.name, job.data]), {
      connection: bullConnection(bus.url, 'blocking'),
      prefix: queuePrefix(queue.name),
    });
    await waitFor(() => seen.length === 2, { what: 'both jobs run by a BullMQ worker' });
    await worker.close();
    expect(seen).toEqual([
      ['ours', 'send', payload],
      ['theirs', 'send', { ...payload, messageId: 'theirs' }],
    ]);
  });

  it('without a limit adds every send and keeps no backlog', async () => {
    const { queue, encoder } = await freshQueue();
    const answers = await enqueueSends(bus.redis, queue, encoder, sends('open', ['o0', 'o1', 'o2']), 0);
    expect(answers).toEqual([0, 1, 2].map(() => ({ admitted: true, size: 0 })));
    expect(await queue.getWaitingCount()).toBe(3);
    expect(await bus.redis.exists(sendBacklogKey(queue.name, 'open'))).toBe(0);
  });

  it('stops counting entries older than the horizon, so a lost job cannot block its account', async () => {
    const { queue, encoder } = await freshQueue();
    const then = Date.now() - SEND_BACKLOG_HORIZON_MS - 1_000;
    expect(await enqueueSends(bus.redis, queue, encoder, sends('lost', ['old']), 1, { now: then })).toEqual([
      { admitted: true, size: 1 },
    ]);
    expect(await enqueueSends(bus.redis, queue, encoder, sends('lost', ['new']), 1)).toEqual([
      { admitted: true, size: 1 },
    ]);
  });

  it('splits a burst into several calls and still admits it in order', async () => {
    const { queue, encoder } = await freshQueue();
    const ids = Array.from({ length: 600 }, (_, i) => `u${i}`);
    const answers = await enqueueSends(bus.redis, queue, encoder, sends('burst', ids), 500);
    expect(answers.slice(0, 500).every((answer) => answer.admitted)).toBe(true);
    expect(answers[499]).toEqual({ admitted: true, size: 500 });
    expect(answers.slice(500)).toEqual(ids.slice(500).map(() => ({ admitted: false, size: 500 })));
    expect(await queue.getWaitingCount()).toBe(500);
  });

  it('rejects when Redis refuses the call, and adds nothing', async () => {
    const { queue, encoder } = await freshQueue();
    await bus.redis.set(sendBacklogKey(queue.name, 'wrong-type'), 'not a sorted set');
    await expect(
      enqueueSends(bus.redis, queue, encoder, sends('wrong-type', ['w0', 'w1']), 3),
    ).rejects.toThrow(/WRONGTYPE/);
    expect(await queue.getWaitingCount()).toBe(0);
  });

  it('refuses options addStandardJob cannot carry out', async () => {
    const { queue } = await freshQueue();
    expect(() => standardJobEncoder(queue, 'send', { delay: 1_000 })).toThrow(/delay/);
    expect(() => standardJobEncoder(queue, 'send', { priority: 2 })).toThrow(/priority/);
  });

  it('with a replica wait, answers once a replica holds the jobs, and refuses in time without one', async () => {
    const { queue, encoder } = await freshQueue();
    const replicaWait = { replicas: 1, timeoutMs: 300 };
    // This server has no replica: the jobs are written, but not confirmed.
    const started = Date.now();
    const refused = await enqueueSends(bus.redis, queue, encoder, sends('lonely', ['l0']), 0, {
      replicaWait,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReplicationTimeoutError);
    expect(refused).toMatchObject({ acknowledged: 0, wanted: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await queue.getJob('l0')).toBeDefined();

    await bus.redis.config('SET', 'repl-diskless-sync-delay', '0');
    const replica = await startRedis({ extraArgs: ['--replicaof', '127.0.0.1', new URL(bus.url).port] });
    try {
      await waitFor(async () => (await bus.redis.info('replication')).includes('state=online'), {
        what: 'the replica attached and in sync',
      });
      const answers = await enqueueSends(bus.redis, queue, encoder, sends('backed', ['b0', 'b1']), 0, {
        replicaWait: { replicas: 1, timeoutMs: 5_000 },
      });
      expect(answers).toEqual([0, 1].map(() => ({ admitted: true, size: 0 })));
      // Confirmed means the replica can answer for them already.
      const onReplica = await connectRedis(replica.url, 'request');
      expect(await onReplica.exists(`${queue.keys[''] as string}b0`, `${queue.keys[''] as string}b1`)).toBe(
        2,
      );
      onReplica.disconnect();
    } finally {
      await replica.destroy();
    }
  });
});
