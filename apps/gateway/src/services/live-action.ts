import type { ControlJob } from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../errors/http-error.js';
import { jobFailure } from './job-failure.js';

/**
 * Runs a live action on the account's owning worker (a control job) and waits for its answer:
 * 504 when none comes within SEND_WAIT_TIMEOUT_MS, the worker's status on failure (409 not
 * connected, 429 paced, 400/502 refused), 502 when the answer is not what `result` expects.
 */
export async function liveAction<S extends z.ZodType>(
  fastify: FastifyInstance,
  job: ControlJob,
  result: S,
  what: string,
): Promise<z.output<S>> {
  const { result: answer } = await fastify.control.enqueue(job, {
    waitMs: fastify.config.SEND_WAIT_TIMEOUT_MS,
  });
  if (!answer) throw new HttpError(504, `Timed out waiting for ${what}`);
  if (!answer.ok) throw jobFailure(answer);
  const parsed = result.safeParse(answer.data ?? {});
  if (!parsed.success) throw new HttpError(502, `No ${what} was returned`);
  return parsed.data;
}
