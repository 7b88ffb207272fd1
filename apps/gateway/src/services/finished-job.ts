import { type JobResult, jobResultSchema } from '@wildcat/jobs';
import type { Queue } from 'bullmq';

export type JobProgress =
  | { state: 'missing' }
  | { state: 'pending' }
  | { state: 'finished'; result: JobResult };

/**
 * Where a job stands, read from its queue: for a repeated idempotent request whose job already
 * ran, and as a last look before answering 504 in case a published result was missed.
 */
export async function readJobProgress(queue: Queue, jobId: string): Promise<JobProgress> {
  const job = await queue.getJob(jobId);
  if (!job) return { state: 'missing' };
  const state = await job.getState();
  if (state === 'completed') {
    const parsed = jobResultSchema.safeParse(job.returnvalue);
    if (parsed.success) return { state: 'finished', result: parsed.data };
    const messageId = (job.data as { messageId?: string } | undefined)?.messageId;
    return { state: 'finished', result: { queue: queue.name, jobId, ok: true, messageId } };
  }
  if (state === 'failed')
    return { state: 'finished', result: failedResult(queue.name, jobId, job.failedReason) };
  return { state: 'pending' };
}

/** Workers may fail a job with a JSON job result as its reason; anything else is a refused send. */
function failedResult(queueName: string, jobId: string, reason: string | undefined): JobResult {
  if (reason?.startsWith('{')) {
    try {
      const parsed = jobResultSchema.safeParse(JSON.parse(reason));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON after all: fall through
    }
  }
  return { queue: queueName, jobId, ok: false, error: reason || 'Failed to send', httpStatus: 502 };
}
