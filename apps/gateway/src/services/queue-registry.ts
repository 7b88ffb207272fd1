import { allQueueNames, queuePrefix } from '@wildcat/jobs';
import { Queue } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

export interface QueueRegistry {
  /** The Queue of a known name (every name of allQueueNames(SHARDS)). */
  get(name: string): Queue;
  all(): Queue[];
  close(): Promise<void>;
}

/**
 * One BullMQ Queue per queue name, all sharing the gateway's fail-fast Redis connection (one
 * socket, commands of concurrent requests pipelined). They are created and made ready at start:
 * a Queue first used while Redis is away would wait for it instead of failing fast.
 */
export async function createQueueRegistry(
  redis: Redis,
  shards: number,
  logger: FastifyBaseLogger,
): Promise<QueueRegistry> {
  const queues = new Map<string, Queue>();
  let lastErrorLog = 0;
  for (const name of allQueueNames(shards)) {
    const queue = new Queue(name, { connection: redis, prefix: queuePrefix(name), skipVersionCheck: true });
    // The shared connection reports each outage once per queue: log at most one line every 10 s.
    queue.on('error', (error) => {
      if (Date.now() - lastErrorLog < 10_000) return;
      lastErrorLog = Date.now();
      logger.warn({ err: error }, 'queue connection error');
    });
    queues.set(name, queue);
  }
  await Promise.all([...queues.values()].map((queue) => queue.waitUntilReady()));
  return {
    get(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`unknown queue ${name}`);
      return queue;
    },
    all: () => [...queues.values()],
    async close() {
      await Promise.all(
        [...queues.values()].map((queue) =>
          queue
            .close()
            .catch((error: unknown) =>
              logger.warn({ err: error, queue: queue.name }, 'queue did not close cleanly'),
            ),
        ),
      );
    },
  };
}
