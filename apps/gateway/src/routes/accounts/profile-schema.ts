import { MAX_PROFILE_PICTURE_BYTES } from '@wildcat/jobs';
import { z } from 'zod';
import { accountParams, errors, field, okFlag } from '../common-schema.js';
import { accountView } from './schema.js';

export const profileBody = z
  .object({
    name: field('name must be a string')
      .trim()
      .min(1, { error: 'name must be 1-25 characters' })
      .max(25, { error: 'name must be 1-25 characters' })
      .optional()
      .describe('The push name others see'),
    about: field('about must be a string')
      .max(139, { error: 'about must be at most 139 characters' })
      .optional()
      .describe('The "about" text'),
  })
  .refine((body) => body.name !== undefined || body.about !== undefined, {
    error: 'Send name, about or both',
  })
  .meta({ examples: [{ name: 'Acme Support', about: 'Replies within the hour' }] });

export const updateProfileSchema = {
  tags: ['profile'],
  summary: 'Set own name and about',
  params: accountParams,
  body: profileBody,
  response: {
    200: z.object({
      ok: okFlag,
      profile: z.object({ name: z.string().optional(), about: z.string().optional() }),
    }),
    ...errors(400, 401, 404, 409, 502, 503, 504),
  },
};

export const PICTURE_BASE64_OR_URL = 'exactly one of base64 or url is required';

export const pictureJsonBody = z
  .object(
    {
      base64: field(PICTURE_BASE64_OR_URL, 'base64 must be a string')
        .min(1, { error: 'base64 must not be empty' })
        .optional()
        .describe('The image (JPEG, PNG or WebP), base64'),
      url: field(PICTURE_BASE64_OR_URL, 'url must be a string')
        .max(4096, { error: 'url must be at most 4096 characters' })
        .optional()
        .describe('http(s) URL the worker downloads the image from (public addresses only)'),
    },
    { error: PICTURE_BASE64_OR_URL },
  )
  .refine((body) => (body.url === undefined) !== (body.base64 === undefined), {
    error: PICTURE_BASE64_OR_URL,
  });

export const setPictureSchema = {
  tags: ['profile'],
  summary: 'Set own profile picture',
  description: `multipart/form-data with the image in \`picture\`, or JSON \`{"base64": "…"}\`; JPEG, PNG or WebP up to ${MAX_PROFILE_PICTURE_BYTES / 1024 / 1024} MiB (WhatsApp keeps a 640×640 JPEG). A URL is not fetched: download it and send the bytes.`,
  consumes: ['multipart/form-data', 'application/json'],
  multipartBody: {
    type: 'object',
    properties: { picture: { type: 'string', format: 'binary' } },
    required: ['picture'],
  },
  params: accountParams,
  response: {
    200: z.object({ ok: okFlag }),
    ...errors(400, 401, 404, 409, 413, 415, 422, 502, 503, 504),
  },
};

export const accountSettingsBody = z
  .object({
    name: field('name must be a string')
      .trim()
      .min(1, { error: 'name must be 1-200 characters' })
      .max(200, { error: 'name must be 1-200 characters' })
      .optional()
      .describe('The account’s label in WILDCAT (not the WhatsApp name: see PATCH …/profile)'),
    rejectCalls: z
      .boolean({ error: 'rejectCalls must be true or false' })
      .optional()
      .describe('Reject incoming calls at once; the `call` event still fires'),
  })
  .refine((body) => body.name !== undefined || body.rejectCalls !== undefined, {
    error: 'Send rejectCalls, name or both',
  })
  .meta({ examples: [{ rejectCalls: true }] });

export const updateAccountSchema = {
  tags: ['accounts'],
  summary: 'Change account settings',
  params: accountParams,
  body: accountSettingsBody,
  response: { 200: z.object({ ok: okFlag, account: accountView }), ...errors(400, 401, 404, 503) },
};
