import { MAX_NUMBER_CHECKS } from '@wildcat/jobs';
import { z } from 'zod';
import { accountIdParam, errors, field, jid, okFlag } from '../common-schema.js';

const NUMBERS_COUNT = `numbers must hold 1 to ${MAX_NUMBER_CHECKS} phone numbers`;

export const checkBody = z.object(
  {
    numbers: z
      .array(field('numbers must hold strings'), {
        error: (issue) => (issue.input === undefined ? 'numbers is required' : NUMBERS_COUNT),
      })
      .min(1, { error: NUMBERS_COUNT })
      .max(MAX_NUMBER_CHECKS, { error: NUMBERS_COUNT })
      .describe(
        'Phone numbers in any common form (`+91 98765 43210`, `919876543210`, `(1) 555-000-0002`) or user JIDs (`15550000002@s.whatsapp.net`)',
      )
      .meta({ examples: [['+1 555-000-0002', '15550000009', '15550000001@s.whatsapp.net']] }),
  },
  { error: 'numbers is required' },
);

const checkResult = z.object({
  input: z.string().describe('The entry as it was sent'),
  exists: z.boolean().describe('Whether the number is on WhatsApp'),
  jid: z.string().optional().describe('The JID to write to, when it exists'),
});

export const checkSchema = {
  tags: ['contacts'],
  summary: 'Check which numbers are on WhatsApp',
  description: `Up to ${MAX_NUMBER_CHECKS} numbers per call; results in input order. Answers are cached per account (CONTACT_CHECK_CACHE_MS); only numbers not in the cache are asked of WhatsApp, in one query that counts against the account's send pacing (429 with Retry-After when it is exhausted). 409 when the account is not connected and some number is not cached.`,
  params: z.object({ accountId: accountIdParam }),
  body: checkBody,
  response: {
    200: z.object({ ok: okFlag, results: z.array(checkResult) }),
    ...errors(400, 401, 404, 409, 429, 502, 503, 504),
  },
};

export const contactParams = z.object({
  accountId: accountIdParam,
  jid: jid('jid', 'jid is required').describe('A user JID or a phone number'),
});

export const contactView = z
  .object({
    jid: z.string(),
    name: z
      .string()
      .optional()
      .describe(
        "The name in the account's address book (synced from its phone), else a business's verified name",
      ),
    notify: z.string().optional().describe('The name the contact goes by, as last seen on its messages'),
    about: z.string().optional(),
    pictureUrl: z.string().optional().describe('Short-lived URL of the profile picture'),
    isBusiness: z.boolean().optional(),
  })
  .meta({ id: 'Contact' });

export const getContactSchema = {
  tags: ['contacts'],
  summary: 'Get a contact',
  description:
    'The saved name as the phone synced it and the push name from what the account has seen; about, picture and business flag fetched live from WhatsApp through the account (cached for CONTACT_PROFILE_CACHE_MS).',
  params: contactParams,
  response: {
    200: z.object({ ok: okFlag, contact: contactView }),
    ...errors(400, 401, 404, 409, 429, 502, 503, 504),
  },
};

export function blockSchema(blocked: boolean) {
  return {
    tags: ['contacts'],
    summary: blocked ? 'Block a contact' : 'Unblock a contact',
    params: contactParams,
    response: {
      200: z.object({ ok: okFlag, jid: z.string(), blocked: z.boolean() }),
      ...errors(400, 401, 404, 409, 502, 503, 504),
    },
  };
}
