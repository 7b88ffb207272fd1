import { controlQueueName, type JobResult, jobResultSchema, sendQueueName } from '@wildcat/jobs';
import {
  connectRedis,
  RESULTS_CHANNEL,
  type RedisTarget,
  redisMode,
  shardResultsChannel,
} from '@wildcat/redis-bus';
import type { FastifyBaseLogger } from 'fastify';

export interface Waiter {
  /** The job's result, or undefined when the wait timed out or was cancelled. */
  readonly promise: Promise<JobResult | undefined>;
  /** Settles the wait from elsewhere, e.g. a finished job read back from its queue. */
  resolve(result: JobResult): void;
  cancel(): void;
}

export interface ResultWaiter {
  /** Call before enqueueing, so a result published right after the add is not missed. */
  register(queueName: string, jobId: string, timeoutMs: number): Waiter;
  /** How many requests are waiting, for metrics. */
  size(): number;
  close(): Promise<void>;
}

/**
 * One Redis subscription per gateway to the channel workers publish finished jobs on, and a map
 * of the job ids this gateway's requests wait for. No QueueEvents stream per request. On a Redis
 * Cluster: sharded subscriptions to every shard queue's results channel (one connection per
 * master, ioredis moves them when slots move).
 */
export async function createResultWaiter(
  target: RedisTarget,
  shards: number,
  logger: FastifyBaseLogger,
): Promise<ResultWaiter> {
  const sharded = redisMode(target) === 'cluster';
  // A subscriber must ride out Redis restarts (ioredis re-subscribes on reconnect): blocking role.
  const subscriber = await connectRedis(target, 'blocking', sharded ? { shardedSubscribers: true } : {});
  const waiting = new Map<string, Set<(result: JobResult | undefined) => void>>();
  const keyOf = (queueName: string, jobId: string) => `${queueName}/${jobId}`;

  const onResult = (_channel: string, text: string) => {
    let parsed: ReturnType<typeof jobResultSchema.safeParse>;
    try {
      parsed = jobResultSchema.safeParse(JSON.parse(text));
    } catch {
      logger.warn('unparseable job result on the results channel');
      return;
    }
    if (!parsed.success) return;
    const key = keyOf(parsed.data.queue, parsed.data.jobId);
    const settlers = waiting.get(key);
    if (!settlers) return;
    waiting.delete(key);
    for (const settle of settlers) settle(parsed.data);
  };
  if (sharded) {
    subscriber.on('smessage', onResult);
    for (let shard = 0; shard < shards; shard++)
      for (const queue of [sendQueueName(shard), controlQueueName(shard)])
        await subscriber.ssubscribe(shardResultsChannel(queue));
  } else {
    subscriber.on('message', onResult);
    await subscriber.subscribe(RESULTS_CHANNEL);
  }

  return {
    register(queueName, jobId, timeoutMs) {
      const key = keyOf(queueName, jobId);
      let settle!: (result: JobResult | undefined) => void;
      let timer: NodeJS.Timeout | undefined;
      const promise = new Promise<JobResult | undefined>((resolve) => {
        settle = (result) => {
          clearTimeout(timer);
          const set = waiting.get(key);
          set?.delete(settle);
          if (set && set.size === 0) waiting.delete(key);
          resolve(result);
        };
      });
      timer = setTimeout(() => settle(undefined), timeoutMs);
      const set = waiting.get(key) ?? new Set();
      set.add(settle);
      waiting.set(key, set);
      return { promise, resolve: (result) => settle(result), cancel: () => settle(undefined) };
    },
    size() {
      let count = 0;
      for (const set of waiting.values()) count += set.size;
      return count;
    },
    async close() {
      for (const set of waiting.values()) for (const settle of [...set]) settle(undefined);
      waiting.clear();
      subscriber.disconnect();
    },
  };
}
