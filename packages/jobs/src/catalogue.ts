import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { controlJobSchema } from './control-job.js';
import { deliveryJobSchema } from './delivery-job.js';
import { wildcatEventSchema } from './event.js';
import { controlQueueName, EVENTS_QUEUE, sendQueueName, WEBHOOK_DELIVERIES_QUEUE } from './queue-names.js';
import { sendJobSchema } from './send-job.js';

export interface JobDefinition<S extends z.ZodType> {
  /** BullMQ job name. */
  jobName: string;
  /** Payload schema: producers parse before adding, consumers parse before running. */
  schema: S;
  /** Defaults every producer uses; retries and retention live here, not at call sites. */
  options: JobsOptions;
  /** A job running longer than this is failed by the worker. */
  timeoutMs: number;
}

const keep = {
  removeOnComplete: { age: 3_600, count: 5_000 },
  removeOnFail: { age: 7 * 86_400, count: 50_000 },
};

/** The one job catalogue that producers (gateway, workers) and consumers share. */
export const catalogue = {
  send: {
    jobName: 'send',
    schema: sendJobSchema,
    // A re-run after a crash is safe: the worker skips a messageId already recorded as sent.
    options: { ...keep, attempts: 3, backoff: { type: 'exponential', delay: 1_000 } },
    timeoutMs: 60_000,
  },
  control: {
    jobName: 'control',
    schema: controlJobSchema,
    options: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
    timeoutMs: 30_000,
  },
  event: {
    jobName: 'event',
    schema: wildcatEventSchema,
    options: { ...keep, attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
    timeoutMs: 30_000,
  },
  delivery: {
    jobName: 'delivery',
    schema: deliveryJobSchema,
    // Attempts and backoff come from WEBHOOK_* settings at the producer; dead letters are kept.
    options: { removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: false },
    timeoutMs: 60_000,
  },
} satisfies Record<string, JobDefinition<z.ZodType>>;

export const queueFor = {
  send: sendQueueName,
  control: controlQueueName,
  event: () => EVENTS_QUEUE,
  delivery: () => WEBHOOK_DELIVERIES_QUEUE,
} as const;
