import { z } from 'zod';
import { wildcatEventSchema } from './event.js';

/** One delivery of one event to one subscription. Job id = `${event.id}--${webhookId}`. */
export const deliveryJobSchema = z.object({
  event: wildcatEventSchema,
  webhookId: z.string().regex(/^[a-f0-9]{24}$/),
});

export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export function deliveryJobId(eventId: string, webhookId: string): string {
  return `${eventId}--${webhookId}`;
}
