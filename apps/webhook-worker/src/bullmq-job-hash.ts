import { defineScripts, luaScript } from '@wildcat/redis-bus';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The one module that writes BullMQ's private job layout (job hash fields, completed set), for
 * the webhook fan-out: BullMQ has no API to record a job it did not run, nor to add a job with
 * attempts already made. The layout is BullMQ's, not ours: test/bullmq-job-hash.test.ts runs a
 * real job of the installed BullMQ to completion and compares, and fails on any other version
 * until someone has compared again and moved this pin (package.json pins bullmq exactly too).
 */
export const BULLMQ_VERIFIED_VERSION = '5.81.5';

const ADD_COMPLETED = luaScript(new URL('./bullmq-add-completed.lua', import.meta.url), 1);

export interface FinishedJob {
  id: string;
  name: string;
  data: unknown;
  opts: object;
  finishedOn: number;
}

/**
 * Records jobs as completed, as if a worker had run each once and returned nothing; existing jobs
 * are left alone. Trims the completed set to `keep` (removeOnComplete count and age). Resolves
 * how many it added.
 */
export async function addCompletedJobs(
  redis: Redis,
  queue: Queue,
  keep: { count: number; ageSeconds: number },
  jobs: readonly FinishedJob[],
): Promise<number> {
  const args: Array<string | number> = [];
  for (const job of jobs)
    args.push(job.id, job.name, JSON.stringify(job.data), JSON.stringify(job.opts), job.finishedOn);
  const { addCompleted } = defineScripts(redis, { addCompleted: ADD_COMPLETED });
  const added = await addCompleted(
    queue.keys.completed as string,
    queue.toKey(''),
    keep.count,
    keep.ageSeconds * 1000,
    Date.now(),
    ...args,
  );
  return Number(added);
}

/**
 * Counts attempts made before a job existed towards its attempts (BullMQ's `atm` field). HSETNX:
 * a job that already ran keeps its own count. Call right after adding the jobs, and delay them
 * long enough for this to land before they run.
 */
export async function countEarlierAttempts(
  redis: Redis,
  queue: Queue,
  jobs: ReadonlyArray<{ id: string; attemptsMade: number }>,
): Promise<void> {
  if (jobs.length === 0) return;
  const pipeline = redis.pipeline();
  for (const job of jobs) pipeline.hsetnx(queue.toKey(job.id), 'atm', job.attemptsMade);
  await pipeline.exec();
}
