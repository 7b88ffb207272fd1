import { ACCOUNT_ID_PATTERN } from '@wildcat/jobs';
import { z } from 'zod';
import { errors, field, okFlag } from '../common-schema.js';

export const createApiKeyBody = z.object(
  {
    name: field('name is required', 'name must be a string')
      .min(1, { error: 'name is required' })
      .max(100, { error: 'name must be at most 100 characters' }),
    accountId: field('accountId must be a string')
      .regex(ACCOUNT_ID_PATTERN, { error: 'accountId must be 1-64 letters, digits, _ or -' })
      .optional(),
  },
  { error: 'name is required' },
);

/** A key as lists show it: never the secret, never its hash. */
export const apiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    accountId: z.string().nullable().describe('null for an admin key'),
    prefix: z.string().describe('The first characters of the key, to tell keys apart'),
    createdAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'ApiKey' });

export const createApiKeySchema = {
  tags: ['admin'],
  summary: 'Create an API key (admin, or scoped to one account); the key is shown in this response only',
  body: createApiKeyBody,
  response: {
    201: z.object({ ok: okFlag, key: z.string(), apiKey: apiKeyView }),
    ...errors(400, 401, 403, 404, 409, 503),
  },
};

export const listApiKeysSchema = {
  tags: ['admin'],
  summary: 'List stored API keys (without secrets)',
  response: { 200: z.object({ ok: okFlag, keys: z.array(apiKeyView) }), ...errors(401, 403, 503) },
};

export const revokeApiKeySchema = {
  tags: ['admin'],
  summary: 'Revoke an API key (other gateways stop accepting it within API_KEY_CACHE_MS)',
  params: z.object({ id: z.string().max(64, { error: 'Key not found' }) }),
  response: { 200: z.object({ ok: okFlag, message: z.string() }), ...errors(401, 403, 404, 503) },
};
