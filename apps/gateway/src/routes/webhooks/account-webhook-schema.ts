import { EVENT_TYPES } from '@wildcat/jobs';
import { HEADER_NAME_PATTERN, HEADER_VALUE_PATTERN, isReservedHeader } from '@wildcat/webhooks';
import { z } from 'zod';
import { accountIdParam, accountParams, errors, okFlag } from '../common-schema.js';
import { webhookSecret, webhookUrl } from './schema.js';

const MAX_HEADERS = 20;

export const eventTypeList = z
  .array(z.enum(EVENT_TYPES, { error: `events must be a list of: ${EVENT_TYPES.join(', ')}` }), {
    error: 'events must be a list of event types',
  })
  .min(1, { error: 'events must name at least one event type' })
  .max(EVENT_TYPES.length, { error: 'events lists an event type twice' })
  .refine((events) => new Set(events).size === events.length, { error: 'events lists an event type twice' });

const customHeaders = z
  .record(
    z.string().regex(HEADER_NAME_PATTERN, { error: 'headers must have valid HTTP header names' }),
    z
      .string({ error: 'header values must be strings' })
      .regex(HEADER_VALUE_PATTERN, { error: 'header values must be printable ASCII without line breaks' }),
    { error: 'headers must be an object of header names to string values' },
  )
  .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, {
    error: `headers may hold at most ${MAX_HEADERS} entries`,
  })
  .refine((headers) => !Object.keys(headers).some(isReservedHeader), {
    error: 'headers may not set Host, Content-Type, Content-Length, connection headers or X-Wildcat-*',
  });

export const createAccountWebhookBody = z.object(
  {
    url: webhookUrl,
    events: eventTypeList.optional(),
    secret: webhookSecret.optional(),
    headers: customHeaders.optional(),
    format: z
      .enum(['envelope', 'flat'], { error: 'format must be envelope or flat' })
      .optional()
      .describe(
        'envelope (default): `{id,type,accountId,timestamp,data}` for every event type; flat: the original WILDCAT payload `{from, message, messageId, timestamp, accountId, chatId, fromMe, type, …}` for message events (shown as format `seed`)',
      ),
  },
  { error: 'url is required and must be a string' },
);

/** A subscription as clients see it: never the secret, never custom header values. */
export const accountWebhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    accountId: z.string().nullable(),
    events: z.array(z.string()).nullable().describe('null: every event type'),
    format: z.enum(['seed', 'envelope']),
    enabled: z.boolean(),
    disabledReason: z.string().optional(),
    hasSecret: z.boolean(),
    headerNames: z.array(z.string()),
    createdAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'AccountWebhook' });

const webhookIdParam = z.string().max(64, { error: 'Webhook not found' });

export const createAccountWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Subscribe to an account’s events (the secret is shown in this response only)',
  params: accountParams,
  body: createAccountWebhookBody,
  response: {
    200: z.object({ ok: okFlag, created: z.literal(false), webhook: accountWebhookView }),
    201: z.object({
      ok: okFlag,
      created: z.literal(true),
      webhook: accountWebhookView,
      secret: z.string().optional(),
    }),
    ...errors(400, 401, 403, 404, 503),
  },
};

export const listAccountWebhooksSchema = {
  tags: ['webhooks'],
  summary: 'List an account’s subscriptions (secrets are never shown)',
  params: accountParams,
  response: {
    200: z.object({ ok: okFlag, webhooks: z.array(accountWebhookView) }),
    ...errors(400, 401, 403, 404, 503),
  },
};

export const deleteAccountWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Delete one of an account’s subscriptions',
  params: z.object({ accountId: accountIdParam, id: webhookIdParam }),
  response: { 200: z.object({ ok: okFlag, message: z.string() }), ...errors(400, 401, 403, 404, 503) },
};
