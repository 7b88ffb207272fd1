import type { MediaInfo } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { scopedAccounts } from '../../services/account-scope.js';
import { serveMedia } from '../../services/serve-media.js';
import { listMediaSchema, mediaByIdSchema, messageMediaSchema } from './schema.js';

const MEDIA_ID = /^[a-f0-9]{24}$/;

/** Media downloads (Range, Content-Disposition) and the original server's /media routes. */
export default async function mediaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;

  app.get(
    '/accounts/:accountId/messages/:messageId/media',
    { schema: messageMediaSchema },
    async (request, reply) => {
      const { accountId, messageId } = request.params;
      const message = await store.messages.get(accountId, messageId);
      let info: MediaInfo | undefined;
      if (message?.mediaId) info = await store.media.info(message.mediaId);
      info ??= await store.media.findByMessage(accountId, messageId);
      // The reference's example passes a media id where the route says messageId: accept either.
      if (!info && !message && MEDIA_ID.test(messageId)) {
        const byId = await store.media.info(messageId);
        if (byId?.accountId === accountId) info = byId;
      }
      if (!info) throw new HttpError(404, message ? 'No media in message' : 'Message not found');
      return serveMedia(request, reply, store, info);
    },
  );

  app.get('/media/:id', { schema: mediaByIdSchema, config: { access: 'self' } }, async (request, reply) => {
    const { id } = request.params;
    const info = MEDIA_ID.test(id) ? await store.media.info(id) : undefined;
    // A scoped key sees another account's media as missing, not as forbidden.
    const scope = scopedAccounts(request);
    if (!info || (scope && !scope.has(info.accountId))) throw new HttpError(404, 'media not found');
    return serveMedia(request, reply, store, info);
  });

  app.get('/media', { schema: listMediaSchema, config: { access: 'query' } }, async (request) => {
    const { accountId, messageId, chatId } = request.query;
    const filter: Record<string, { $eq: string }> = {};
    if (accountId) filter['metadata.accountId'] = { $eq: accountId };
    if (messageId) filter['metadata.messageId'] = { $eq: messageId };
    if (chatId) filter['metadata.chatId'] = { $eq: chatId };
    const files = await store.media.bucket.find(filter).sort({ uploadDate: -1 }).limit(1_000).toArray();
    return {
      ok: true as const,
      media: files.map((file) => {
        const metadata = (file.metadata ?? {}) as Record<string, unknown>;
        return {
          id: file._id.toString(),
          filename: file.filename,
          ...(typeof metadata.mimetype === 'string' ? { contentType: metadata.mimetype } : {}),
          length: file.length,
          uploadDate: file.uploadDate.toISOString(),
          metadata,
        };
      }),
    };
  });
}
