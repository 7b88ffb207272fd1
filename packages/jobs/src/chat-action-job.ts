import { z } from 'zod';
import { accountIdSchema, jidSchema, messageIdSchema } from './jid.js';

/** What `POST /presence` may announce; WhatsApp's own chat states plus online/offline. */
export const PRESENCE_STATES = ['available', 'unavailable', 'composing', 'recording', 'paused'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** Chat states are per chat; available/unavailable are the account's own online state. */
export const CHAT_PRESENCE_STATES: readonly PresenceState[] = ['composing', 'recording', 'paused'];

/** At most this many read receipts per request (one stanza names them all). */
export const MAX_READ_IDS = 500;

/**
 * Chat actions ride the control queue, not the send queue: they are no messages (no message row,
 * no send token), must not wait behind an account's send backlog (a "typing…" after 200 sends
 * is a lie), and run once: the worker never retries them, and never holds them for an account
 * that is away (a presence sent minutes later is wrong; a read receipt is re-sent by asking again).
 */
export const chatActionJobSchemas = [
  z.object({
    accountId: accountIdSchema,
    action: z.literal('presence'),
    state: z.enum(PRESENCE_STATES),
    chatId: jidSchema.optional(),
  }),
  z.object({
    accountId: accountIdSchema,
    action: z.literal('read'),
    chatId: jidSchema,
    /** The inbound messages to acknowledge as read; omitted: the chat's unread inbound messages. */
    messageIds: z.array(messageIdSchema).min(1).max(MAX_READ_IDS).optional(),
  }),
] as const;

/** Actions a worker runs once: a failure is answered, never retried. */
export const ONE_SHOT_ACTIONS: readonly string[] = ['presence', 'read'];

/** What a finished `read` control job returns: how many messages it sent read receipts for. */
export const chatReadResultSchema = z.object({ read: z.number().int().min(0) });
export type ChatReadResult = z.infer<typeof chatReadResultSchema>;
