import { randomBytes } from 'node:crypto';
import { type ControlJob, catalogue, type JobResult, queueFor, shardOf } from '@wildcat/jobs';
import type { AddBatcher } from './add-batcher.js';
import type { ResultWaiter } from './result-waiter.js';

export interface ControlService {
  /** Enqueues a control job; with `waitMs` resolves the worker's result (undefined on timeout). */
  /** `attempts: 1` for actions a retry would repeat (group create, add, join). */
  enqueue(
    job: ControlJob,
    options?: { waitMs?: number; jobId?: string; attempts?: number },
  ): Promise<{ jobId: string; queueName: string; result?: JobResult }>;
}

/** connect / disconnect / logout / delete / pairing-code become jobs on `control-<shard>`. */
export function createControlService(deps: {
  shards: number;
  batcher: AddBatcher;
  results: ResultWaiter;
}): ControlService {
  return {
    async enqueue(job, options = {}) {
      const payload = catalogue.control.schema.parse(job);
      const queueName = queueFor.control(shardOf(payload.accountId, deps.shards));
      // Unique per request (no ':' in BullMQ ids): each click on "connect" is its own command.
      const jobId =
        options.jobId ??
        `${payload.action}-${payload.accountId}-${Date.now()}-${randomBytes(4).toString('hex')}`;
      const waiter = options.waitMs ? deps.results.register(queueName, jobId, options.waitMs) : undefined;
      try {
        await deps.batcher.add(queueName, catalogue.control.jobName, payload, {
          ...catalogue.control.options,
          ...(options.attempts ? { attempts: options.attempts } : {}),
          jobId,
        });
      } catch (error) {
        waiter?.cancel();
        throw error;
      }
      return { jobId, queueName, result: waiter ? await waiter.promise : undefined };
    },
  };
}
