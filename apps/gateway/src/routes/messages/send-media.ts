import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { validationMessage } from '../../plugins/app/error-handler.js';
import { answerSend, assertAccountExists } from '../../services/answer-send.js';
import { assertQuotedMessageExists } from '../../services/quoted-message.js';
import { receiveUpload } from '../../services/receive-upload.js';
import type { SendInput } from '../../services/send-service.js';
import { sendMediaByJson } from './send-media-json.js';
import {
  MEDIA_KINDS,
  type MediaKind,
  mediaFields,
  mediaSendSchema,
  STICKER_MIMETYPES,
} from './send-schema.js';

const isStickerImage = (mimetype: string) =>
  (STICKER_MIMETYPES as readonly string[]).includes(mimetype.split(';')[0]?.trim().toLowerCase() ?? '');

/** POST /accounts/:accountId/message/send/{image,video,audio,document,sticker} (multipart/form-data). */
export default async function mediaSendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sends, store } = fastify;

  for (const kind of MEDIA_KINDS) {
    app.post(
      `/accounts/:accountId/message/send/${kind}`,
      { schema: mediaSendSchema(kind) },
      async (request, reply) => {
        const { accountId } = request.params;
        if (!request.isMultipart())
          return sendMediaByJson(fastify, request, reply, kind, { accountId, wait: request.query.wait });
        await assertAccountExists(fastify, accountId);
        const ticket = await sends.open(accountId, request.headers['idempotency-key']);
        const { fields, media } = await receiveUpload(request, store, {
          fileField: kind,
          accountId,
          messageId: ticket.messageId,
          maxBytes: fastify.config.MAX_UPLOAD_BYTES,
        });
        const discard = async () => {
          if (media) await store.media.remove(media.mediaId);
        };
        const parsed = mediaFields.safeParse(fields);
        if (!parsed.success) {
          await discard();
          throw new HttpError(
            400,
            validationMessage(
              parsed.error.issues.map((issue) => ({ keyword: issue.code, message: issue.message })),
            ),
          );
        }
        if (!media) throw new HttpError(400, `${kind} file is required`);
        if (kind === 'sticker' && !isStickerImage(media.mimetype)) {
          await discard();
          throw new HttpError(
            415,
            `sticker must be a WebP, PNG or JPEG image (got ${media.mimetype}); PNG and JPEG are converted to 512×512 WebP`,
          );
        }
        await assertQuotedMessageExists(fastify, accountId, parsed.data.quotedMessageId).catch(
          async (error: unknown) => {
            await discard();
            throw error;
          },
        );
        const outcome = await sends
          .dispatch(ticket, mediaInput(kind, parsed.data, media), {
            wait: request.query.wait,
          })
          .catch(async (error: unknown) => {
            await discard();
            throw error;
          });
        // A repeated Idempotency-Key: the first request's job carries its own copy of the file.
        if (outcome.duplicate) await discard();
        return answerSend(fastify, reply, kind, outcome, (messageId) => ({ ok: true as const, messageId }));
      },
    );
  }
}

function mediaInput(
  kind: MediaKind,
  fields: {
    to: string;
    caption?: string;
    fileName?: string;
    ptt?: 'true' | 'false';
    quotedMessageId?: string;
    gifPlayback?: 'true' | 'false';
  },
  media: { mediaId: string; mimetype: string; fileName?: string },
): SendInput {
  const common = {
    to: fields.to,
    mediaId: media.mediaId,
    mimetype: media.mimetype,
    ...((fields.fileName ?? media.fileName) ? { fileName: fields.fileName ?? media.fileName } : {}),
    ...(fields.caption ? { caption: fields.caption } : {}),
    ...(fields.quotedMessageId ? { quotedMessageId: fields.quotedMessageId } : {}),
  };
  // As the original server: a voice note only when asked for (ptt=true), else an audio file.
  if (kind === 'audio') return { ...common, kind, ptt: fields.ptt === 'true' };
  if (kind === 'video')
    return { ...common, kind, ...(fields.gifPlayback === 'true' ? { gifPlayback: true } : {}) };
  if (kind === 'sticker') {
    // A sticker has no caption or file name on WhatsApp.
    const { caption: _caption, fileName: _fileName, ...sticker } = common;
    return { ...sticker, kind };
  }
  return { ...common, kind };
}
