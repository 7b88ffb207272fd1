import { catalogue, deliveryJobId } from '@wildcat/jobs';
import type { NewDelivery } from '@wildcat/store';
import type { Job, JobsOptions } from 'bullmq';
import type { WorkerMetrics } from './metrics.js';

export interface DeliveryJobSpec {
  name: string;
  data: unknown;
  opts: JobsOptions;
}

export interface FanOutDeps {
  webhooks: {
    matching(accountId: string, eventType: string): Promise<Array<{ _id: { toHexString(): string } }>>;
  };
  /** Opens one delivery record (batched by the runtime). */
  openDelivery(input: NewDelivery): Promise<void>;
  /** Adds one delivery job (batched by the runtime into addBulk calls). */
  addDeliveryJob(job: DeliveryJobSpec): Promise<void>;
  /** Delivery job options (attempts, backoff) from the settings. */
  jobOptions: JobsOptions;
  metrics?: Pick<WorkerMetrics, 'fannedOut'>;
}

/**
 * The events-queue processor: one delivery job per matching subscription. The delivery record is
 * opened before the job exists, and both are idempotent (upsert; job id = event id + webhook id),
 * so a re-run of this job after a crash, or a re-published event, creates nothing twice.
 */
export function createFanOut(deps: FanOutDeps) {
  return async (job: Pick<Job, 'data'>): Promise<number> => {
    const event = catalogue.event.schema.parse(job.data);
    const hooks = await deps.webhooks.matching(event.accountId, event.type);
    if (hooks.length === 0) {
      deps.metrics?.fannedOut(0);
      return 0;
    }
    const jobs = hooks.map((hook) => {
      const webhookId = hook._id.toHexString();
      const id = deliveryJobId(event.id, webhookId);
      return { id, webhookId, data: catalogue.delivery.schema.parse({ event, webhookId }) };
    });
    await Promise.all(
      jobs.map(({ id, webhookId }) =>
        deps.openDelivery({
          _id: id,
          webhookId,
          eventId: event.id,
          eventType: event.type,
          accountId: event.accountId,
        }),
      ),
    );
    await Promise.all(
      jobs.map(({ id, data }) =>
        deps.addDeliveryJob({
          name: catalogue.delivery.jobName,
          data,
          opts: { ...deps.jobOptions, jobId: id },
        }),
      ),
    );
    deps.metrics?.fannedOut(jobs.length);
    return jobs.length;
  };
}
