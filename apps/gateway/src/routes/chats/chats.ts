import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listChatsSchema } from '../../schemas/chats.js';
import { chatMessagesSchema } from '../../schemas/messages.js';
import { assertAccountExists } from '../../services/answer-send.js';
import { messageView } from '../../services/message-view.js';

/** GET /accounts/:accountId/chats and GET /accounts/:accountId/chats/:chatId/messages. */
export default async function chatRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;

  app.get('/accounts/:accountId/chats', { schema: listChatsSchema }, async (request) => {
    const { accountId } = request.params;
    await assertAccountExists(fastify, accountId);
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
    await assertAccountExists(fastify, accountId);
    const messages = await store.messages.listByChat(accountId, chatId, request.query);
    return { ok: true as const, messages: messages.map((doc) => messageView(doc)) };
  });
}
