import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { messageView } from '../../services/message-view.js';
import { requireAccount } from '../../services/require-account.js';
import { chatMessagesSchema } from '../messages/schema.js';
import { listChatsSchema, readChatSchema } from './schema.js';

/**
 * GET /accounts/:accountId/chats, GET /accounts/:accountId/chats/:chatId/messages and
 * POST /accounts/:accountId/chats/:chatId/read. Reads check
 * the account in MongoDB, not the send path's short-lived cache: an account deleted through
 * another gateway must answer 404 here at once, not an empty list.
 */
export default async function chatRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;

  app.get('/accounts/:accountId/chats', { schema: listChatsSchema }, async (request) => {
    const { accountId } = request.params;
    await requireAccount(store, accountId);
    const chats = await store.chats.list(accountId, request.query);
    return {
      ok: true as const,
      chats: chats.map((chat) => ({
        chatId: chat.chatId,
        ...(chat.name ? { name: chat.name } : {}),
        unreadCount: chat.unreadCount,
        lastMessageTime: chat.lastMessageTime,
      })),
    };
  });

  app.get('/accounts/:accountId/chats/:chatId/messages', { schema: chatMessagesSchema }, async (request) => {
    const { accountId, chatId } = request.params;
    await requireAccount(store, accountId);
    const messages = await store.messages.listByChat(accountId, chatId, request.query);
    return { ok: true as const, messages: messages.map((doc) => messageView(doc)) };
  });

  app.post('/accounts/:accountId/chats/:chatId/read', { schema: readChatSchema }, async (request) => {
    const { accountId, chatId } = request.params;
    await requireAccount(store, accountId);
    if (!(await store.chats.get(accountId, chatId))) throw new HttpError(404, 'Chat not found');
    await store.chats.markRead(accountId, chatId);
    return { ok: true as const };
  });
}
