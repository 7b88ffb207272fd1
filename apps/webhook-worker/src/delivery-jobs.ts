import { WriteBatcher } from '@wildcat/redis-bus';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addCompletedJobs, countEarlierAttempts } from './bullmq-job-hash.js';

export interface DeliveryJobSpec {
  name: string;
  data: unknown;
  opts: { jobId: string } & Record<string, unknown>;
}

export interface HandedOffJob {
  spec: DeliveryJobSpec;
  /** Attempts the fan-out already made (0 or 1); the job's retries count on from there. */
  attemptsMade: number;
}

export interface CompletedDelivery {
  spec: DeliveryJobSpec;
  finishedOn: number;
}

const COMPLETED_LINGER_MS = 100;

export interface DeliveryJobsOptions {
  /** The delivery jobs' removeOnComplete retention. */
  keepCompleted: { count: number; ageSeconds: number };
}

/**
 * The fan-out's writes to the webhook-deliveries queue, batched per turn like the MongoDB writes:
 * jobs handed over for retries or rescheduling (one addBulk, plus the attempt the fan-out already
 * made), and the completed records of deliveries it made itself (one script call).
 */
export function createDeliveryJobs(queue: Queue, redis: Redis, options: DeliveryJobsOptions) {
  const handOffs = new WriteBatcher(async (jobs: HandedOffJob[]) => {
    await queue.addBulk(jobs.map(({ spec }) => spec) as never);
    // The attempt made before the job existed counts towards its attempts, so it still makes at
    // most WEBHOOK_MAX_ATTEMPTS in all; the fan-out delays such jobs long enough for the count to
    // land first (at worst a delivery gets one attempt more).
    await countEarlierAttempts(
      redis,
      queue,
      jobs
        .filter((job) => job.attemptsMade > 0)
        .map((job) => ({ id: job.spec.opts.jobId, attemptsMade: job.attemptsMade })),
    );
  });
  // Nobody waits for these (see fan-out.ts), so they gather for a moment: at a trickle of
  // events that is one script call per COMPLETED_LINGER_MS instead of one per delivery.
  const completions = new WriteBatcher(
    async (done: CompletedDelivery[]) => {
      // Kept as BullMQ keeps a job it ran, so `POST /webhooks/:id/deliveries/:deliveryId/retry`
      // finds it (the gateway retries the kept job) although no queue round delivered it.
      await addCompletedJobs(
        redis,
        queue,
        options.keepCompleted,
        done.map(({ spec, finishedOn }) => ({
          id: spec.opts.jobId,
          name: spec.name,
          data: spec.data,
          opts: spec.opts,
          finishedOn,
        })),
      );
    },
    500,
    COMPLETED_LINGER_MS,
  );

  return {
    handOff: (job: HandedOffJob) => handOffs.add(job),
    completed: (job: CompletedDelivery) => completions.add(job),
    /** Everything handed over so far is written. */
    idle: () => Promise.all([handOffs.idle(), completions.idle()]).then(() => undefined),
  };
}

export type DeliveryJobs = ReturnType<typeof createDeliveryJobs>;
