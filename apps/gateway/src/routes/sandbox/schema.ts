import { toUserJid } from '@wildcat/jobs';
import { z } from 'zod';
import { accountParams, errors, field, okFlag } from '../common-schema.js';
import { contactParams } from '../contacts/schema.js';

export const scanSchema = {
  tags: ['sandbox'],
  summary: 'Sandbox engine only: scan the pending QR code of an account, as a phone would',
  description:
    'Optional JSON body: `pushName` (the name the phone goes by; default the account id) and `business: true` for a phone running WhatsApp Business (others then see `isBusiness: true` for its number).',
  params: accountParams,
  body: z
    .object({
      pushName: field('pushName must be a string')
        .trim()
        .min(1, { error: 'pushName must be 1-100 characters' })
        .max(100, { error: 'pushName must be 1-100 characters' })
        .optional(),
      business: z.boolean({ error: 'business must be true or false' }).optional(),
    })
    // No body at all (as before) arrives as null.
    .nullish(),
  response: {
    200: z.object({ ok: okFlag, accountId: z.string(), jid: z.string() }),
    ...errors(400, 401, 404, 409, 502, 503, 504),
  },
};

export const callSchema = {
  tags: ['sandbox'],
  summary: 'Sandbox engine only: place a call from one sandbox account to another',
  description:
    'The callee’s worker sees an incoming call: a `call` event (status `offer`) on the callee, rejected at once when the callee has `rejectCalls` (then a `reject` event on both sides). 400 when `to` is no sandbox account.',
  params: accountParams,
  body: z.object(
    {
      to: z
        .preprocess(
          (value) => (typeof value === 'string' ? toUserJid(value) : value),
          field('to is required', 'to must be a string').regex(/^\d{5,20}@s\.whatsapp\.net$/, {
            error: 'to must be a phone number or …@s.whatsapp.net JID',
          }),
        )
        .meta({ examples: ['15550000002@s.whatsapp.net'] }),
      isVideo: z.boolean({ error: 'isVideo must be true or false' }).optional(),
    },
    { error: 'to is required' },
  ),
  response: {
    200: z.object({ ok: okFlag, accountId: z.string(), to: z.string(), callId: z.string() }),
    ...errors(400, 401, 404, 409, 502, 503, 504),
  },
};

export const saveContactSchema = {
  tags: ['sandbox'],
  summary: "Sandbox engine only: the account's phone saves a contact in its address book",
  description:
    'As a phone owner saving a number under a name: the phone syncs it to the linked account, whose `GET /accounts/:accountId/contacts/:jid` then shows it as `name` (also after a reconnect: a device gets the whole address book at login).',
  params: contactParams,
  body: z.object(
    {
      name: field('name is required', 'name must be a string')
        .trim()
        .min(1, { error: 'name must be 1-100 characters' })
        .max(100, { error: 'name must be 1-100 characters' }),
    },
    { error: 'name is required' },
  ),
  response: {
    200: z.object({ ok: okFlag, accountId: z.string(), jid: z.string(), name: z.string() }),
    ...errors(400, 401, 404, 502, 503, 504),
  },
};
