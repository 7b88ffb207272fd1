import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { answerChatAction, dispatchChatAction } from '../../services/chat-action.js';
import { messageView } from '../../services/message-view.js';
import { assertReceivedInChat } from '../../services/read-targets.js';
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

  app.post('/accounts/:accountId/chats/:chatId/read', { schema: readChatSchema }, async (request, reply) => {
    const { accountId, chatId } = request.params;
    const messageIds = request.body.messageIds;
    await requireAccount(store, accountId);
    if (!(await store.chats.get(accountId, chatId))) throw new HttpError(404, 'Chat not found');
    await assertReceivedInChat(store, accountId, chatId, messageIds);
    await store.chats.markRead(accountId, chatId);
    // Nothing unread: no receipts to send, so no worker is asked (a disconnected account too).
    if (!messageIds && (await store.messages.inboundToRead(accountId, chatId, { limit: 1 })).length === 0)
      return { ok: true as const, read: 0 };
    const outcome = await dispatchChatAction(
      fastify,
      { accountId, action: 'read', chatId, ...(messageIds ? { messageIds } : {}) },
      { wait: request.query.wait, idempotencyKey: request.headers['idempotency-key'] },
    );
    return answerChatAction(reply, outcome, (data) => ({
      ok: true as const,
      ...(typeof data.read === 'number' ? { read: data.read } : {}),
    }));
  });
}
