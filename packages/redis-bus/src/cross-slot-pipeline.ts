import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { isCluster } from './redis-connection.js';

type Reply = [Error | null, unknown];
type Commands = Record<string, (...args: unknown[]) => Promise<unknown>>;

/**
 * A pipeline whose commands may touch keys in different Cluster slots. On one server (or a
 * Sentinel primary) it is `redis.pipeline()`, one round trip as before. On a Cluster, ioredis
 * refuses a pipeline that spans nodes, so the commands are sent one by one at once (each to its
 * slot's node, concurrently) and `exec` answers the same `[error, reply]` list in command order.
 * Not a transaction in either mode: callers already must not rely on one.
 */
export function crossSlotPipeline(redis: Redis): ChainableCommander {
  if (!isCluster(redis)) return redis.pipeline();
  const calls: Array<{ name: string; args: unknown[] }> = [];
  const client = redis as unknown as Commands;
  const pipeline: ChainableCommander = new Proxy({} as ChainableCommander, {
    get(_target, property) {
      if (property === 'exec')
        return async (): Promise<Reply[]> =>
          Promise.all(
            calls.map(({ name, args }) =>
              client[name]!(...args).then(
                (reply): Reply => [null, reply],
                (error: Error): Reply => [error, null],
              ),
            ),
          );
      if (property === 'length') return calls.length;
      // Not a thenable: `await pipeline` must not treat it as a promise.
      if (typeof property !== 'string' || property === 'then') return undefined;
      if (typeof client[property] !== 'function') return undefined;
      return (...args: unknown[]) => {
        calls.push({ name: property, args });
        return pipeline;
      };
    },
  });
  return pipeline;
}

/** The Cluster behind a client that `isCluster` said is one. */
export function asCluster(redis: Redis): Cluster {
  return redis as unknown as Cluster;
}
