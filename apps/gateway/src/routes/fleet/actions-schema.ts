import { ACCOUNT_ID_PATTERN } from '@wildcat/jobs';
import { z } from 'zod';
import { errors, okFlag } from '../common-schema.js';
import { createAccountWebhookBody } from '../webhooks/account-webhook-schema.js';

/** One request acts on at most this many accounts; the console sends larger selections in parts. */
export const MAX_BULK_ACCOUNTS = 1_000;

export const BULK_ACTIONS = ['connect', 'disconnect', 'set-webhook'] as const;

const accountIds = z
  .array(
    z.string({ error: 'accountIds must be a list of account ids' }).regex(ACCOUNT_ID_PATTERN, {
      error: 'accountIds must hold account ids of 1-64 letters, digits, _ or -',
    }),
    { error: 'accountIds must be a list of account ids' },
  )
  .min(1, { error: 'accountIds must name at least one account' })
  .max(MAX_BULK_ACCOUNTS, { error: `accountIds may name at most ${MAX_BULK_ACCOUNTS} accounts per request` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'accountIds names an account twice' });

export const bulkActionBody = z
  .object(
    {
      action: z
        .enum(BULK_ACTIONS, { error: `action must be one of ${BULK_ACTIONS.join(', ')}` })
        .describe('connect / disconnect: as POST /accounts/:id/connect|disconnect for each id'),
      accountIds,
      webhook: createAccountWebhookBody
        .optional()
        .describe('set-webhook only: as the body of POST /accounts/:id/webhooks, applied to each id'),
    },
    { error: 'action and accountIds are required' },
  )
  .refine((body) => (body.action === 'set-webhook') === (body.webhook !== undefined), {
    error: 'webhook is required with action set-webhook and allowed with it only',
  });

const result = z.object({
  accountId: z.string(),
  ok: z.boolean(),
  error: z.string().optional().describe('Why this account was not changed'),
  webhookId: z.string().optional().describe('set-webhook: the account’s subscription'),
  created: z.boolean().optional().describe('set-webhook: false when the same subscription existed'),
});

export const bulkActionSchema = {
  tags: ['fleet'],
  summary: 'Connect, disconnect or set a webhook on many accounts at once (the console’s bulk actions)',
  description:
    'Answers 200 with one result per id, in the order given: an unknown id fails alone and does not ' +
    'stop the others. connect and disconnect are queued for the owning workers as their per-account ' +
    'routes are; the live status follows.',
  body: bulkActionBody,
  response: {
    200: z.object({
      ok: okFlag,
      action: z.enum(BULK_ACTIONS),
      succeeded: z.number().int(),
      failed: z.number().int(),
      results: z.array(result),
    }),
    ...errors(400, 401, 403, 503),
  },
};
