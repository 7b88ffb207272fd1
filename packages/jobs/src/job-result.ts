import { z } from 'zod';

/**
 * What a worker publishes on RESULTS_CHANNEL when a send or control job finishes, so a waiting
 * gateway answers without polling or a QueueEvents stream per request.
 */
export const jobResultSchema = z.object({
  queue: z.string(),
  jobId: z.string(),
  ok: z.boolean(),
  /** Present on success of a send. */
  messageId: z.string().optional(),
  /** Free-form result of a control job (e.g. a pairing code). */
  data: z.record(z.string(), z.unknown()).optional(),
  /** Client-facing error string on failure. */
  error: z.string().optional(),
  /** HTTP status the gateway should answer on failure: 404, 409, 429, 502. */
  httpStatus: z.number().int().optional(),
  retryAfterMs: z.number().int().optional(),
});

export type JobResult = z.infer<typeof jobResultSchema>;
