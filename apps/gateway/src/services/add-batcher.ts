import type { JobsOptions } from 'bullmq';
import type { QueueRegistry } from './queue-registry.js';

interface PendingAdd {
  name: string;
  data: unknown;
  opts: JobsOptions;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface AddBatcher {
  /** Resolves once the job is in Redis (or already was: job ids dedupe). */
  add(queueName: string, jobName: string, data: unknown, opts: JobsOptions): Promise<void>;
}

/**
 * Coalesces the adds of concurrent requests: every add of one event-loop turn goes to Redis in a
 * single addBulk (one MULTI round trip) per queue on the next turn, instead of one round trip each.
 */
export function createAddBatcher(queues: QueueRegistry): AddBatcher {
  let pending = new Map<string, PendingAdd[]>();
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const batches = pending;
    pending = new Map();
    for (const [queueName, items] of batches) {
      const queue = queues.get(queueName);
      const first = items[0];
      const done =
        items.length === 1 && first
          ? queue.add(first.name, first.data, first.opts)
          : queue.addBulk(items.map((item) => ({ name: item.name, data: item.data, opts: item.opts })));
      done.then(
        () => {
          for (const item of items) item.resolve();
        },
        (error: unknown) => {
          for (const item of items) item.reject(error);
        },
      );
    }
  }

  return {
    add(queueName, jobName, data, opts) {
      return new Promise<void>((resolve, reject) => {
        const list = pending.get(queueName);
        const item = { name: jobName, data, opts, resolve, reject };
        if (list) list.push(item);
        else pending.set(queueName, [item]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
