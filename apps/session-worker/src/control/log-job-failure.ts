import type { Logger } from 'pino';
import type { MappedError } from '../send/send-errors.js';

/**
 * Logs a control job's final failure. A refusal the client is told about (4xx: not an admin, no
 * such group, bad input) is an everyday answer, not a fault: one INFO line with the reason and
 * no stack. Anything else (5xx, unknown errors) keeps the error with its stack at WARN.
 */
export function logJobFailure(
  logger: Logger,
  error: unknown,
  mapped: MappedError,
  fields: { jobId: string; accountId: string; action: string },
): void {
  if (mapped.httpStatus < 500)
    logger.info({ ...fields, httpStatus: mapped.httpStatus, reason: mapped.error }, 'control job refused');
  else logger.warn({ ...fields, err: error }, 'control job failed');
}
