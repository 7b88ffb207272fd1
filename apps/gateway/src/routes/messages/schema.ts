import { z } from 'zod';
import { accountIdParam, accountParams, countQuery, errors, jid, okFlag } from '../common-schema.js';
import { messageContentFields } from './content-schema.js';

/** A stored message as the reference shows it, plus the send status of outbound ones. */
export const messageView = z
  .object({
    messageId: z.string(),
    from: z.string(),
    chatId: z.string(),
    timestamp: z.number().describe('ms since epoch'),
    type: z
      .string()
      .describe(
        'text, image, video, audio, voice, document, sticker, location, contact, poll, reaction, unsupported (and revoke for a delete-for-everyone record)',
      ),
    text: z.string().optional(),
    caption: z.string().optional(),
    hasMedia: z.boolean().optional(),
    mediaId: z.string().optional(),
    mimetype: z.string().optional(),
    fileName: z.string().optional(),
    fromMe: z.boolean(),
    status: z
      .string()
      .optional()
      .describe('queued, sent, delivered, read, played or failed for outbound; received for inbound'),
    error: z.string().optional(),
    quotedMessageId: z.string().optional(),
    pushName: z.string().optional(),
    reactionTo: z.string().optional(),
    emoji: z.string().optional(),
    deletedAt: z.number().optional(),
    editedAt: z.number().optional().describe('ms since epoch of the last edit'),
    ...messageContentFields,
    accountId: z.string().optional(),
  })
  .meta({ id: 'Message' });

export type MessageView = z.output<typeof messageView>;

const MAX_PAGE = 100;

/**
 * limit (the reference: default 50, max 100; values above 100 read as 100, and the OpenAPI
 * document says so), skip or its alias offset, before/after in ms.
 */
export const chatMessagesQuery = z
  .object({
    limit: countQuery('limit', 1)
      .meta({
        maximum: MAX_PAGE,
        description: `Max messages (default 50, max ${MAX_PAGE}; larger values read as ${MAX_PAGE})`,
      })
      .default(50),
    skip: countQuery('skip').optional(),
    offset: countQuery('offset').optional(),
    before: countQuery('before').optional(),
    after: countQuery('after').optional(),
  })
  .transform(({ limit, skip, offset, before, after }) => ({
    limit: Math.min(limit, MAX_PAGE),
    skip: skip ?? offset ?? 0,
    before,
    after,
  }));

export const chatMessagesSchema = {
  tags: ['chats'],
  summary: 'Get chat messages (newest first)',
  params: z.object({ accountId: accountIdParam, chatId: jid('chatId', 'chatId is required') }),
  querystring: chatMessagesQuery,
  response: { 200: z.object({ ok: okFlag, messages: z.array(messageView) }), ...errors(400, 401, 404, 503) },
};

export const messageParams = z.object({
  accountId: accountIdParam,
  messageId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'messageId must be a valid message id' }),
});

export const getMessageSchema = {
  tags: ['chats'],
  summary: 'Get single message (with its send status when outbound)',
  params: messageParams,
  response: { 200: z.object({ ok: okFlag, message: messageView }), ...errors(400, 401, 404, 503) },
};

export const listMessagesSchema = {
  tags: ['chats'],
  summary: 'List messages of an account, newest first (the original server’s undocumented route)',
  querystring: z
    .object({
      accountId: accountIdParam.optional(),
      limit: countQuery('limit', 1).default(50),
      skip: countQuery('skip').optional(),
      offset: countQuery('offset').optional(),
    })
    .transform(({ accountId, limit, skip, offset }) => ({
      accountId,
      limit: Math.min(limit, 500),
      skip: skip ?? offset ?? 0,
    })),
  response: {
    200: z.object({
      ok: okFlag,
      messages: z.array(messageView),
      pagination: z.object({ skip: z.number(), limit: z.number(), total: z.number(), hasMore: z.boolean() }),
    }),
    ...errors(400, 401, 503),
  },
};

export { accountParams };
