import { createHash } from 'node:crypto';
import { type ControlJob, type JobResult, queueFor, shardOf } from '@wildcat/jobs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../errors/http-error.js';
import { readJobProgress } from './finished-job.js';
import { jobFailure } from './job-failure.js';

export const ACTION_TIMEOUT_MESSAGE = 'Timed out waiting for the worker';

export type ActionOutcome =
  | { kind: 'queued' }
  | { kind: 'finished'; result: JobResult }
  | { kind: 'timeout' };

/**
 * A chat action (read receipts, presence) as a control job on the account's shard, under the
 * same rules as a send: `wait` (default) answers the worker's result, `?wait=false` answers 202,
 * and an Idempotency-Key names the job, so a retried request finds the first one's job (queued,
 * or its result while BullMQ keeps it) instead of acting twice.
 */
export async function dispatchChatAction(
  fastify: FastifyInstance,
  job: ControlJob,
  options: { wait: boolean; idempotencyKey?: string },
): Promise<ActionOutcome> {
  const jobId = options.idempotencyKey
    ? `${job.action}-${job.accountId}-key-${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 40)}`
    : undefined;
  const waitMs = options.wait ? fastify.config.SEND_WAIT_TIMEOUT_MS : undefined;
  if (!jobId) {
    const { result } = await fastify.control.enqueue(job, { ...(waitMs ? { waitMs } : {}) });
    if (!waitMs) return { kind: 'queued' };
    return result ? { kind: 'finished', result } : { kind: 'timeout' };
  }
  // A repeat of a finished request: its job's result, without a second add (which BullMQ ignores).
  const queueName = queueFor.control(shardOf(job.accountId, fastify.config.SHARDS));
  const earlier = await readJobProgress(fastify.queues.get(queueName), jobId);
  if (earlier.state === 'finished')
    return waitMs ? { kind: 'finished', result: earlier.result } : { kind: 'queued' };
  const { result } = await fastify.control.enqueue(job, { jobId, ...(waitMs ? { waitMs } : {}) });
  if (!waitMs) return { kind: 'queued' };
  if (result) return { kind: 'finished', result };
  const last = await readJobProgress(fastify.queues.get(queueName), jobId).catch(() => undefined);
  return last?.state === 'finished' ? { kind: 'finished', result: last.result } : { kind: 'timeout' };
}

/** 200 with the route's body, 202 queued, 504 on timeout, else the worker's failure (409, 502, ...). */
export function answerChatAction<T extends object>(
  reply: FastifyReply,
  outcome: ActionOutcome,
  done: (data: Record<string, unknown>) => T,
): T | { ok: true; status: 'queued' } {
  if (outcome.kind === 'queued') {
    reply.code(202);
    return { ok: true, status: 'queued' };
  }
  if (outcome.kind === 'timeout') throw new HttpError(504, ACTION_TIMEOUT_MESSAGE);
  if (!outcome.result.ok) throw jobFailure(outcome.result);
  return done(outcome.result.data ?? {});
}
