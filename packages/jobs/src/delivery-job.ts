import { z } from 'zod';
import { wildcatEventSchema } from './event.js';

/** One delivery of one event to one subscription. Job id = `${event.id}--${webhookId}`. */
export const deliveryJobSchema = z.object({
  event: wildcatEventSchema,
  webhookId: z.string().regex(/^[a-f0-9]{24}$/),
  /**
   * Set when the webhook worker already made the final attempt itself and recorded it as dead:
   * the job exists only to be kept as the dead letter (and retried from there by hand).
   */
  deadLetter: z.literal(true).optional(),
});

export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export function deliveryJobId(eventId: string, webhookId: string): string {
  return `${eventId}--${webhookId}`;
}
