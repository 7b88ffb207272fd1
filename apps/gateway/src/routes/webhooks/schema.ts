import { z } from 'zod';
import { errors, okFlag } from '../common-schema.js';

const URL_REQUIRED = 'url is required and must be a string';

export const webhookUrl = z
  .string({ error: URL_REQUIRED })
  .max(2048, { error: 'url must be at most 2048 characters' })
  .refine((url) => URL.canParse(url), { error: 'invalid URL', abort: true })
  .refine((url) => /^https?:$/.test(new URL(url).protocol), { error: 'only http/https URLs are allowed' });

/** A subscription's signing key: deliveries carry X-Wildcat-Signature made with it. */
export const webhookSecret = z
  .string({ error: 'secret must be a string' })
  .min(8, { error: 'secret must be 8-256 characters' })
  .max(256, { error: 'secret must be 8-256 characters' });

export const createWebhookBody = z.object(
  {
    url: webhookUrl,
    secret: webhookSecret
      .optional()
      .describe(
        'Additive: sign deliveries (X-Wildcat-Signature, as per-account webhooks). Never returned; omitted on a repeat POST keeps the stored one, a different one replaces the subscription',
      ),
  },
  { error: URL_REQUIRED },
);

export const webhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    accountId: z.string().nullable(),
    events: z.array(z.string()).nullable(),
    format: z.enum(['seed', 'envelope']),
    enabled: z.boolean(),
    hasSecret: z
      .boolean()
      .optional()
      .describe('true when deliveries are signed (absent otherwise); the secret itself is never shown'),
    createdAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'Webhook' });

export const createWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Register webhook (201 when created, 200 when already registered)',
  body: createWebhookBody,
  response: {
    200: z.object({
      ok: okFlag,
      url: z.string(),
      created: z.literal(false),
      id: z.string(),
      hasSecret: z.boolean().optional(),
    }),
    201: z.object({
      ok: okFlag,
      url: z.string(),
      created: z.literal(true),
      id: z.string(),
      hasSecret: z.boolean().optional(),
    }),
    ...errors(400, 401, 503),
  },
};

export const listWebhooksSchema = {
  tags: ['webhooks'],
  summary: 'List global webhooks (secrets are never shown)',
  response: { 200: z.object({ ok: okFlag, webhooks: z.array(webhookView) }), ...errors(401, 503) },
};

export const deleteWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Delete webhook',
  params: z.object({ id: z.string().max(64, { error: 'Webhook not found' }) }),
  response: { 200: z.object({ ok: okFlag, message: z.string() }), ...errors(401, 404, 503) },
};
