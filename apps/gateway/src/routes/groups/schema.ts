import { GROUP_JID_PATTERN, GROUP_PARTICIPANT_ACTIONS } from '@wildcat/jobs';
import { z } from 'zod';
import { accountIdParam, accountParams, countQuery, errors, field, jid, okFlag } from '../common-schema.js';

const GROUP_EXAMPLE = '120363025246125486@g.us';

export const groupIdParam = field('groupId is required', 'groupId must be a string')
  .regex(GROUP_JID_PATTERN, {
    error: `groupId must be a group JID (digits@g.us, e.g. ${GROUP_EXAMPLE}); user JIDs and phone numbers are not groups`,
  })
  .meta({ examples: [GROUP_EXAMPLE] });

export const groupParams = z.object({ accountId: accountIdParam, groupId: groupIdParam });

/** A member: a user JID or a phone number in any common form (never a group). */
const member = jid('participants[]', 'participants must hold phone numbers or JIDs').refine(
  (value) => !value.endsWith('@g.us') && !value.endsWith('@broadcast'),
  { error: 'participants must be people (phone numbers or user JIDs), not groups or broadcast lists' },
);

const participantList = z
  .array(member, { error: 'participants must be an array of phone numbers or JIDs' })
  .min(1, { error: 'participants must name at least one phone number or JID' })
  .max(256, { error: 'participants may name at most 256 members at once' });

const subject = field('subject is required', 'subject must be a string')
  .trim()
  .min(1, { error: 'subject must not be empty' })
  .max(100, { error: 'subject must be at most 100 characters' });

export const groupView = z
  .object({
    id: z.string().describe(`The group JID, e.g. ${GROUP_EXAMPLE}`),
    subject: z.string(),
    description: z.string().optional(),
    owner: z.string().optional().describe("The creator's JID"),
    creation: z.number().describe('ms since epoch'),
    announce: z.boolean().describe('Only admins may send messages'),
    locked: z.boolean().describe('Only admins may edit subject, description and settings'),
    participants: z.array(
      z.object({
        jid: z.string(),
        admin: z.enum(['admin', 'superadmin']).nullable().describe('null for a plain member'),
      }),
    ),
  })
  .meta({ id: 'Group' });

const groupAnswer = z.object({ ok: okFlag, group: groupView });
const actionErrors = errors(400, 401, 403, 404, 409, 502, 503, 504);

export const createGroupSchema = {
  tags: ['groups'],
  summary: 'Create a group (this account becomes its superadmin)',
  description:
    'Runs once: a request that times out (504) is not retried by WILDCAT; check GET /groups before creating again.',
  params: accountParams,
  body: z.object(
    { subject, participants: participantList },
    { error: 'Body must be a JSON object with subject and participants' },
  ),
  response: { 201: groupAnswer, ...actionErrors },
};

export const listGroupsSchema = {
  tags: ['groups'],
  summary: 'Groups this account is in (from the stored copy, kept current by group events)',
  params: accountParams,
  querystring: z.object({
    limit: countQuery('limit', 1).default(100),
    skip: countQuery('skip').default(0),
  }),
  response: { 200: z.object({ ok: okFlag, groups: z.array(groupView) }), ...errors(400, 401, 404, 503) },
};

export const getGroupSchema = {
  tags: ['groups'],
  summary: 'One group: the stored copy, or ?refresh=true to fetch it from WhatsApp',
  params: groupParams,
  querystring: z.object({
    refresh: z.enum(['true', 'false'], { error: 'refresh must be true or false' }).default('false'),
  }),
  response: { 200: groupAnswer, ...actionErrors },
};

export const updateGroupSchema = {
  tags: ['groups'],
  summary: 'Change subject, description, announce (only admins send) or locked (only admins edit)',
  params: groupParams,
  body: z
    .object(
      {
        subject: subject.optional(),
        description: z.string({ error: 'description must be a string' }).max(2048).optional(),
        announce: z.boolean({ error: 'announce must be true or false' }).optional(),
        locked: z.boolean({ error: 'locked must be true or false' }).optional(),
      },
      { error: 'Body must be a JSON object' },
    )
    .refine((body) => Object.values(body).some((value) => value !== undefined), {
      error: 'Give at least one of subject, description, announce, locked',
    }),
  response: { 200: groupAnswer, ...actionErrors },
};

export const participantsSchema = {
  tags: ['groups'],
  summary: 'Add, remove, promote or demote members; one WhatsApp status per member',
  description:
    "Each result carries WhatsApp's status for that member: 200 done, 403 not allowed (e.g. the creator), 404 not in the group, 409 already in it. Runs once (no retry).",
  params: groupParams,
  body: z.object(
    {
      action: z.enum(GROUP_PARTICIPANT_ACTIONS, { error: 'action must be add, remove, promote or demote' }),
      participants: participantList,
    },
    { error: 'Body must be a JSON object with action and participants' },
  ),
  response: {
    200: z.object({
      ok: okFlag,
      results: z.array(z.object({ jid: z.string(), status: z.number().int() })),
    }),
    ...actionErrors,
  },
};

const inviteAnswer = z.object({
  ok: okFlag,
  code: z.string(),
  url: z.string().describe('The invite link, e.g. https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv'),
});

export const inviteSchema = {
  tags: ['groups'],
  summary: 'The group invite code and link (admins only)',
  params: groupParams,
  response: { 200: inviteAnswer, ...actionErrors },
};

export const revokeInviteSchema = {
  tags: ['groups'],
  summary: 'Revoke the invite link; answers the new one',
  params: groupParams,
  response: { 200: inviteAnswer, ...actionErrors },
};

export const joinGroupSchema = {
  tags: ['groups'],
  summary: 'Join a group by invite code (or the whole chat.whatsapp.com link)',
  params: accountParams,
  body: z.object(
    {
      code: field('code is required', 'code must be a string')
        .transform((code) => code.trim().replace(/^https?:\/\/chat\.whatsapp\.com\//, ''))
        .pipe(z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, { error: 'code must be an invite code or link' })),
    },
    { error: 'code is required' },
  ),
  response: { 200: z.object({ ok: okFlag, groupId: z.string() }), ...actionErrors },
};

export const leaveGroupSchema = {
  tags: ['groups'],
  summary: 'Leave a group',
  params: groupParams,
  response: { 200: z.object({ ok: okFlag }), ...actionErrors },
};
