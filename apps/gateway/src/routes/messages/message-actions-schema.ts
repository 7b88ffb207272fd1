import { TEXT_MAX } from '@wildcat/jobs';
import { z } from 'zod';
import {
  accountParams,
  errors,
  field,
  idempotencyHeaders,
  jid,
  messageId,
  okFlag,
  waitQuery,
} from '../common-schema.js';

const queued = z.object({ ok: okFlag, messageId: z.string(), status: z.literal('queued') });
const actionErrors = errors(400, 401, 404, 409, 429, 502, 503, 504);
const RULES =
  "Sent through the account's worker like any message: waits for it (`?wait=false` answers 202 at once); " +
  'an `Idempotency-Key` header makes a retried request send once.';

const EDIT_REQUIRED = 'messageId and text are required';
export const editBody = z
  .object(
    {
      messageId: messageId('messageId', EDIT_REQUIRED),
      text: field(EDIT_REQUIRED, 'text must be a string')
        .min(1, { error: EDIT_REQUIRED })
        .max(TEXT_MAX, { error: `text must be at most ${TEXT_MAX} characters` }),
    },
    { error: EDIT_REQUIRED },
  )
  .meta({
    examples: [{ messageId: '3EB0C767D26A1D8E4B2F', text: 'Your order ships on Monday (not Friday)' }],
  });

export const editSchema = {
  tags: ['messaging'],
  summary: 'Edit a sent text message or caption',
  description:
    'Replaces the text of a message this account sent (or the caption of its image, video or ' +
    "document) within WhatsApp's edit window of 15 minutes. The message keeps its id and gets " +
    '`text` (or `caption`) and `editedAt`; the recipient gets a `message.edited` event. `messageId` ' +
    "in the answer is the edit's own id, `editedMessageId` the message changed. Editing a received, " +
    'deleted, unsent or too old message, or another type, is a 400 saying which. ' +
    RULES,
  params: accountParams,
  querystring: waitQuery,
  headers: idempotencyHeaders,
  body: editBody,
  response: {
    200: z.object({
      ok: okFlag,
      message: z.literal('Message edited'),
      messageId: z.string(),
      editedMessageId: z.string(),
    }),
    202: queued,
    ...actionErrors,
  },
};

const FORWARD_REQUIRED = 'messageId and to are required';
export const forwardBody = z
  .object(
    { messageId: messageId('messageId', FORWARD_REQUIRED), to: jid('to', FORWARD_REQUIRED) },
    { error: FORWARD_REQUIRED },
  )
  .meta({ examples: [{ messageId: '3EB0C767D26A1D8E4B2F', to: '15550000003@s.whatsapp.net' }] });

export const forwardSchema = {
  tags: ['messaging'],
  summary: 'Forward a stored message to another chat',
  description:
    'Sends a copy of any stored message of this account (text, media, location, contact) to `to`, ' +
    "marked forwarded. Media is re-used from the store (with Baileys, from WhatsApp's servers), " +
    'never uploaded by the client again. ' +
    RULES,
  params: accountParams,
  querystring: waitQuery,
  headers: idempotencyHeaders,
  body: forwardBody,
  response: { 200: z.object({ ok: okFlag, messageId: z.string() }), 202: queued, ...actionErrors },
};
