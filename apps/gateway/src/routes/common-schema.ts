import { ACCOUNT_ID_PATTERN, JID_PATTERN, MESSAGE_ID_PATTERN, toUserJid } from '@wildcat/jobs';
import { z } from 'zod';

/**
 * A string field whose messages are the client-facing errors: `required` when it is missing
 * (the reference's "to and message are required" style), `invalid` for a wrong type.
 */
export function field(required: string, invalid = required) {
  return z.string({ error: (issue) => (issue.input === undefined ? required : invalid) });
}

/** A WhatsApp JID, or a phone number in any common form taken as that number's user JID. */
export function jid(name: string, required: string) {
  return z
    .preprocess(
      (value) => (typeof value === 'string' ? toUserJid(value) : value),
      field(required, `${name} must be a string`).regex(JID_PATTERN, {
        error: `${name} must be a valid WhatsApp JID`,
      }),
    )
    .meta({ examples: ['15550000002@s.whatsapp.net', '+1 555-000-0002'] });
}

export function messageId(name: string, required: string) {
  return field(required, `${name} must be a string`).regex(MESSAGE_ID_PATTERN, {
    error: `${name} must be a valid message id`,
  });
}

export const accountIdParam = field('accountId is required', 'accountId must be a string').regex(
  ACCOUNT_ID_PATTERN,
  { error: 'accountId must be 1-64 letters, digits, _ or -' },
);

export const accountParams = z.object({ accountId: accountIdParam });

/** Every error body: `{ ok: false, error }`; a timed-out send adds its messageId. */
export const errorSchema = z
  .object({
    ok: z.literal(false),
    error: z.string(),
    messageId: z.string().optional(),
    backlog: z
      .number()
      .int()
      .optional()
      .describe('A send refused with 429 because its account has this many sends waiting'),
  })
  .meta({ id: 'Error' });

export const okFlag = z.literal(true);

/** Error responses for the OpenAPI document, by status code. */
export function errors(...codes: number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries(codes.map((code) => [code, errorSchema]));
}

/** Non-negative integer query values (`?skip=20`), with the message naming the parameter. */
export function countQuery(name: string, min = 0) {
  return z.coerce
    .number({ error: `${name} must be an integer of at least ${min}` })
    .int({ error: `${name} must be an integer of at least ${min}` })
    .min(min, { error: `${name} must be an integer of at least ${min}` });
}

/** `?wait=false` answers 202 at once; anything else waits for the worker. */
export const waitQuery = z.object({
  wait: z
    .enum(['true', 'false', '1', '0'], { error: 'wait must be true or false' })
    .optional()
    .transform((value) => value !== 'false' && value !== '0'),
});

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, { error: 'Idempotency-Key must be 1-255 visible ASCII characters' })
    .optional(),
});
