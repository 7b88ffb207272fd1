import { type ControlJob, GROUP_ONCE_ACTIONS } from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../../errors/http-error.js';
import { jobFailure } from '../../services/job-failure.js';
import { requireAccount } from '../../services/require-account.js';

/**
 * Runs a group action on the worker that owns the account and parses what it returns. Actions a
 * retry would repeat (create, participants, join) go out with one attempt; the worker also
 * refuses to run one of those job ids twice.
 */
export async function runGroupJob<S extends z.ZodType>(
  fastify: FastifyInstance,
  job: ControlJob,
  resultSchema: S,
): Promise<z.infer<S>> {
  await requireAccount(fastify.store, job.accountId);
  const { result } = await fastify.control.enqueue(job, {
    waitMs: fastify.config.SEND_WAIT_TIMEOUT_MS,
    ...(GROUP_ONCE_ACTIONS.has(job.action) ? { attempts: 1 } : {}),
  });
  if (!result)
    throw new HttpError(
      504,
      'Timed out waiting for WhatsApp; the action may still complete (check GET /groups)',
    );
  if (!result.ok) throw jobFailure(result);
  const parsed = resultSchema.safeParse(result.data);
  if (!parsed.success) throw new HttpError(502, 'WhatsApp returned no usable answer');
  return parsed.data;
}
