import { queuePrefix } from '@wildcat/jobs';
import {
  type PrivateRedisCluster,
  type PrivateRedisSentinel,
  startRedisCluster,
  startRedisSentinel,
  waitFor,
} from '@wildcat/testkit';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asCluster,
  bullConnection,
  clusterMasters,
  connectRedis,
  crossSlotPipeline,
  enqueueSends,
  isCluster,
  keySlot,
  type RedisTarget,
  redisTarget,
  sendBacklogKey,
  shardResultsChannel,
  standardJobEncoder,
} from '../src/index.js';

describe('on a Redis Cluster (3 masters + 3 replicas)', () => {
  let cluster: PrivateRedisCluster;
  let target: RedisTarget;
  let redis: Redis;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    target = redisTarget({
      REDIS_URL: cluster.env.REDIS_URL,
      REDIS_CLUSTER_NODES: cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    });
    redis = await connectRedis(target, 'request');
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.destroy();
  });

  it('computes slots as Redis does, hash tags included', async () => {
    for (const key of ['wc:status:alice', 'wc:{send-07}:send-07:wait', 'wc:lease:{shard-03}'])
      expect(keySlot(key)).toBe(await redis.cluster('KEYSLOT', key));
    expect(isCluster(redis)).toBe(true);
    expect(clusterMasters(asCluster(redis)).masters).toHaveLength(3);
  });

  it('runs a pipeline over keys on every master, replies in command order', async () => {
    const keys = Array.from({ length: 30 }, (_, index) => `wc:test:${index}`);
    const masters = new Set(keys.map((key) => clusterMasters(asCluster(redis)).addressOf(key)));
    expect(masters.size).toBe(3);
    const write = crossSlotPipeline(redis);
    for (const [index, key] of keys.entries()) write.set(key, String(index));
    expect((await write.exec())?.every(([error]) => error === null)).toBe(true);
    const read = crossSlotPipeline(redis);
    for (const key of keys) read.get(key);
    expect((await read.exec())?.map(([, value]) => value)).toEqual(keys.map((_, index) => String(index)));
    // A plain ioredis pipeline refuses this, which is why crossSlotPipeline exists.
    await expect(
      redis.pipeline().get(keys[0]!).get(keys[1]!).get(keys[2]!).get(keys[3]!).exec(),
    ).rejects.toThrow(/slot/);
  });

  it('runs BullMQ queues on their hash-tagged prefixes through the shared Cluster connection', async () => {
    const names = ['send-00', 'send-01', 'send-02', 'send-03'];
    const done: string[] = [];
    const workers = names.map(
      (name) =>
        new Worker(name, async (job) => void done.push(`${name}/${job.data.n}`), {
          connection: bullConnection(target, 'blocking'),
          prefix: queuePrefix(name),
        }),
    );
    const queues = names.map((name) => new Queue(name, { connection: redis, prefix: queuePrefix(name) }));
    await Promise.all(queues.map((queue, index) => queue.add('job', { n: index })));
    await waitFor(() => done.length === names.length, { what: 'the jobs on every queue' });
    expect(done.sort()).toEqual(names.map((name, index) => `${name}/${index}`));
    await Promise.all([...workers.map((worker) => worker.close()), ...queues.map((queue) => queue.close())]);
  });

  it('delivers sharded results only through the queue slot’s channel', async () => {
    const subscriber = await connectRedis(target, 'blocking', { shardedSubscribers: true });
    const heard: string[] = [];
    subscriber.on('smessage', (channel: string, message: string) => heard.push(`${channel} ${message}`));
    const channels = ['send-00', 'send-05', 'control-09'].map(shardResultsChannel);
    for (const channel of channels) await subscriber.ssubscribe(channel);
    for (const channel of channels) expect(await redis.spublish(channel, 'done')).toBe(1);
    await waitFor(() => heard.length === 3, { what: 'three sharded messages' });
    expect(heard.sort()).toEqual(channels.map((channel) => `${channel} done`).sort());
    subscriber.disconnect();
  });

  it('admits and adds the sends of queues on every master, one call per queue, in order per account', async () => {
    const names = Array.from({ length: 8 }, (_, index) => `send-${20 + index}`);
    const queues = names.map((name) => new Queue(name, { connection: redis, prefix: queuePrefix(name) }));
    const masters = new Set(
      names.map((name) => clusterMasters(asCluster(redis)).addressOf(sendBacklogKey(name, 'a'))),
    );
    expect(masters.size).toBe(3);
    const answers = await Promise.all(
      queues.map((queue) => {
        const sends = ['a', 'b'].flatMap((accountId) =>
          [0, 1, 2].map((n) => ({ accountId, messageId: `${queue.name}-${accountId}${n}`, payload: { n } })),
        );
        return enqueueSends(redis, queue, standardJobEncoder(queue, 'send', {}), sends, 2);
      }),
    );
    const perAccount = [
      { admitted: true, size: 1 },
      { admitted: true, size: 2 },
      { admitted: false, size: 2 },
    ];
    expect(answers).toEqual(queues.map(() => [...perAccount, ...perAccount]));
    for (const queue of queues) {
      expect(await queue.getWaitingCount()).toBe(4);
      expect((await queue.getJob(`${queue.name}-b1`))?.data).toEqual({ n: 1 });
      await queue.close();
    }
  });
});

describe('on Redis Sentinel (primary + replica + 3 sentinels)', () => {
  let sentinel: PrivateRedisSentinel;
  let target: RedisTarget;

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    target = redisTarget({
      REDIS_URL: sentinel.env.REDIS_URL,
      REDIS_SENTINELS: sentinel.sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
      REDIS_SENTINEL_NAME: sentinel.env.REDIS_SENTINEL_NAME,
    });
  }, 60_000);
  afterAll(async () => sentinel?.destroy());

  it('follows the primary the sentinels name, before and after a failover', async () => {
    const redis = await connectRedis(target, 'blocking');
    await redis.set('wc:test:before', '1');
    expect(await redis.wait(1, 1_000)).toBe(1);
    const recoveryMs = await sentinel.killPrimary();
    const started = Date.now();
    await redis.set('wc:test:after', '2');
    process.stdout.write(
      `sentinel failover: replica promoted after ${recoveryMs} ms, client writing again ${Date.now() - started} ms later\n`,
    );
    expect(await redis.get('wc:test:before')).toBe('1');
    expect((await redis.info('replication')).includes('role:master')).toBe(true);
    redis.disconnect();
  }, 60_000);
});
