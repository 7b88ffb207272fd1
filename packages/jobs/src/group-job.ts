import { z } from 'zod';
import { accountIdSchema, jidSchema } from './jid.js';

/** A group JID: `123456789-1234567890@g.us` or `120363025246125486@g.us`. */
export const GROUP_JID_PATTERN = /^\d{1,20}(?:-\d{1,20})?@g\.us$/;
export const groupJidSchema = z.string().regex(GROUP_JID_PATTERN);

/** What an invite link carries after `https://chat.whatsapp.com/`. */
export const inviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);

export const GROUP_PARTICIPANT_ACTIONS = ['add', 'remove', 'promote', 'demote'] as const;

const base = { accountId: accountIdSchema };
const memberJids = z.array(jidSchema).min(1).max(256);

/**
 * Group actions, run by the worker that owns the account. create, add and join change WhatsApp
 * in a way a retry would repeat (a second group, a second invitation), so the gateway enqueues
 * them with one attempt and the worker refuses to run one job id twice (GROUP_ONCE_ACTIONS).
 */
export const groupJobSchemas = [
  z.object({
    ...base,
    action: z.literal('group-create'),
    subject: z.string().min(1).max(100),
    participants: memberJids,
  }),
  z.object({ ...base, action: z.literal('group-metadata'), groupId: groupJidSchema }),
  z.object({
    ...base,
    action: z.literal('group-update'),
    groupId: groupJidSchema,
    subject: z.string().min(1).max(100).optional(),
    description: z.string().max(2048).optional(),
    announce: z.boolean().optional(),
    locked: z.boolean().optional(),
  }),
  z.object({
    ...base,
    action: z.literal('group-participants'),
    groupId: groupJidSchema,
    change: z.enum(GROUP_PARTICIPANT_ACTIONS),
    participants: memberJids,
  }),
  z.object({ ...base, action: z.literal('group-invite'), groupId: groupJidSchema }),
  z.object({ ...base, action: z.literal('group-revoke-invite'), groupId: groupJidSchema }),
  z.object({ ...base, action: z.literal('group-join'), code: inviteCodeSchema }),
  z.object({ ...base, action: z.literal('group-leave'), groupId: groupJidSchema }),
] as const;

export type GroupJob = z.infer<(typeof groupJobSchemas)[number]>;
export type GroupAction = GroupJob['action'];

/** Actions whose job must never run twice (see groupJobSchemas). */
export const GROUP_ONCE_ACTIONS: ReadonlySet<string> = new Set([
  'group-create',
  'group-participants',
  'group-join',
]);

export const groupParticipantSchema = z.object({
  jid: z.string(),
  admin: z.enum(['admin', 'superadmin']).nullable(),
});

/** A group as the worker returns it and the gateway shows it. */
export const groupResultSchema = z.object({
  id: z.string(),
  subject: z.string(),
  description: z.string().optional(),
  owner: z.string().optional(),
  creation: z.number(),
  announce: z.boolean(),
  locked: z.boolean(),
  participants: z.array(groupParticipantSchema),
});
export type GroupResult = z.infer<typeof groupResultSchema>;

export const groupParticipantsResultSchema = z.object({
  results: z.array(z.object({ jid: z.string(), status: z.number().int() })),
});
export const groupInviteResultSchema = z.object({ code: z.string().min(1) });
export const groupJoinResultSchema = z.object({ groupId: z.string().min(1) });

/** The invite link WhatsApp shows for a code. */
export function inviteUrl(code: string): string {
  return `https://chat.whatsapp.com/${code}`;
}
