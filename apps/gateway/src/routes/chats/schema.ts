import { z } from 'zod';
import { accountParams, countQuery, errors, okFlag } from '../common-schema.js';

export const chatView = z
  .object({
    chatId: z.string(),
    name: z.string().optional(),
    unreadCount: z.number(),
    lastMessageTime: z.number().describe('ms since epoch'),
  })
  .meta({ id: 'Chat' });

export const listChatsSchema = {
  tags: ['chats'],
  summary: 'Get all chats (latest activity first)',
  params: accountParams,
  querystring: z
    .object({
      limit: countQuery('limit', 1).default(50),
      skip: countQuery('skip').optional(),
      offset: countQuery('offset').optional(),
    })
    .transform(({ limit, skip, offset }) => ({ limit: Math.min(limit, 500), skip: skip ?? offset ?? 0 })),
  response: { 200: z.object({ ok: okFlag, chats: z.array(chatView) }), ...errors(400, 401, 404, 503) },
};

export { readChatSchema } from './action-schema.js';
