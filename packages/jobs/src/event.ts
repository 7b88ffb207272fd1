import { z } from 'zod';
import { accountIdSchema } from './jid.js';

export const EVENT_TYPES = [
  'message',
  'message.ack',
  'message.reaction',
  'message.deleted',
  'message.edited',
  'message.revoked',
  'poll.vote',
  'account.status',
  'account.qr',
  'group.participants',
  'group.updated',
  'call',
] as const;

export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

/**
 * Every event the system emits. `id` is stable for the same change (e.g. `message.<acc>.<msgId>`),
 * so a re-published event dedupes in the queue and at the receiver. No ':' (BullMQ job ids).
 */
export const wildcatEventSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,300}$/),
  type: eventTypeSchema,
  accountId: accountIdSchema,
  /** ms since epoch */
  timestamp: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});

export type WildcatEvent = z.infer<typeof wildcatEventSchema>;

export function eventId(type: EventType, accountId: string, ...parts: string[]): string {
  return [type, accountId, ...parts].join('.');
}
