import { CHAT_PRESENCE_STATES, MAX_READ_IDS, PRESENCE_STATES } from '@wildcat/jobs';
import { z } from 'zod';
import {
  accountIdParam,
  accountParams,
  errors,
  idempotencyHeaders,
  jid,
  messageId,
  okFlag,
  waitQuery,
} from '../common-schema.js';

const queued = z.object({ ok: okFlag, status: z.literal('queued') });
const WAIT_RULES =
  'Runs on the worker that holds the account: waits for it (`?wait=false` answers 202 at once); ' +
  'an `Idempotency-Key` header makes a retried request run once. Never retried by the worker and ' +
  'never held for an account that is away: 409 when it is not connected.';

const READ_IDS_INVALID = `messageIds must be an array of 1-${MAX_READ_IDS} message ids`;
// No body at all (the console's call, the route's first version) reads every unread message.
export const readChatBody = z.preprocess(
  (body) => body ?? {},
  z.object(
    {
      messageIds: z
        .array(messageId('messageIds', READ_IDS_INVALID), { error: READ_IDS_INVALID })
        .min(1, { error: READ_IDS_INVALID })
        .max(MAX_READ_IDS, { error: READ_IDS_INVALID })
        .optional()
        .describe('Received messages of this chat to mark read; omitted: every unread one'),
    },
    { error: 'body must be a JSON object' },
  ),
);

export const readChatSchema = {
  tags: ['chats'],
  summary: 'Mark a chat read: clear its unread count and send read receipts',
  description:
    'Clears the unread count WILDCAT keeps for the chat and sends WhatsApp read receipts for its ' +
    'unread received messages (or the listed `messageIds`); their senders see them read. ' +
    '`read` is how many messages got a receipt (0: nothing was unread, and no worker was asked). ' +
    WAIT_RULES,
  params: z.object({ accountId: accountIdParam, chatId: jid('chatId', 'chatId is required') }),
  querystring: waitQuery,
  headers: idempotencyHeaders,
  body: readChatBody,
  response: {
    200: z.object({ ok: okFlag, read: z.number().int().optional() }),
    202: queued,
    ...errors(400, 401, 404, 409, 429, 502, 503, 504),
  },
};

const PRESENCE_REQUIRED = `state is required: one of ${PRESENCE_STATES.join(', ')}`;
const CHAT_REQUIRED = `chatId is required for ${CHAT_PRESENCE_STATES.join(', ')}`;
export const presenceBody = z
  .object(
    {
      state: z.enum(PRESENCE_STATES, { error: PRESENCE_REQUIRED }),
      chatId: jid('chatId', CHAT_REQUIRED).optional(),
    },
    { error: PRESENCE_REQUIRED },
  )
  .refine((body) => !CHAT_PRESENCE_STATES.includes(body.state) || body.chatId !== undefined, {
    error: CHAT_REQUIRED,
  })
  .meta({ examples: [{ state: 'composing', chatId: '15550000002@s.whatsapp.net' }, { state: 'available' }] });

export const presenceSchema = {
  tags: ['chats'],
  summary: 'Announce presence: online/offline, or typing/recording/paused in a chat',
  description:
    '`available`/`unavailable` set the account online or offline; `composing` ("typing…"), ' +
    '`recording` (voice note) and `paused` are shown in `chatId`. ' +
    WAIT_RULES,
  params: accountParams,
  querystring: waitQuery,
  headers: idempotencyHeaders,
  body: presenceBody,
  response: {
    200: z.object({ ok: okFlag, state: z.enum(PRESENCE_STATES) }),
    202: queued,
    ...errors(400, 401, 404, 409, 429, 502, 503, 504),
  },
};
