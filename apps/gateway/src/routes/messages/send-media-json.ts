import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../errors/http-error.js';
import { validationMessage } from '../../plugins/app/error-handler.js';
import { answerSend, assertAccountExists } from '../../services/answer-send.js';
import { checkMediaUrl, storeBase64Media } from '../../services/media-json.js';
import { assertQuotedMessageExists } from '../../services/quoted-message.js';
import type { SendInput } from '../../services/send-service.js';
import { type MediaJsonBody, mediaJsonBody } from './media-json-schema.js';

/**
 * The JSON form of every media route: `base64` is decoded into GridFS here; a `url` is only
 * checked here (http/https; a literal private address refused at once) and fetched by the
 * worker through the SSRF guard. Then the same send job as a multipart upload.
 */
export async function sendMediaByJson(
  fastify: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: string,
  target: { accountId: string; wait: boolean },
) {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json'))
    throw new HttpError(415, 'Content-Type must be multipart/form-data or application/json');
  const parsed = mediaJsonBody.safeParse(request.body ?? {});
  if (!parsed.success)
    throw new HttpError(
      400,
      validationMessage(
        parsed.error.issues.map((issue) => ({ keyword: issue.code, message: issue.message })),
      ),
    );
  const body = parsed.data;
  const { accountId } = target;
  const { sends, store, config } = fastify;
  const mediaUrl =
    body.url !== undefined ? checkMediaUrl(body.url, config.MEDIA_URL_ALLOW_PRIVATE_NETWORKS) : undefined;
  await assertAccountExists(fastify, accountId);
  await assertQuotedMessageExists(fastify, accountId, body.quotedMessageId);
  const ticket = await sends.open(accountId, request.headers['idempotency-key'] as string | undefined);
  const media =
    body.base64 !== undefined
      ? await storeBase64Media(
          store,
          { base64: body.base64, kind, ...optional(body, 'mimetype', 'fileName') },
          { accountId, messageId: ticket.messageId, maxBytes: config.MAX_UPLOAD_BYTES },
        )
      : undefined;
  const discard = async () => {
    if (media) await store.media.remove(media.mediaId);
  };
  const input = {
    kind,
    to: body.to,
    mimetype: media?.mimetype ?? body.mimetype ?? '',
    ...(media ? { mediaId: media.mediaId } : { mediaUrl }),
    ...optional(body, 'fileName', 'caption', 'quotedMessageId'),
    ...(kind === 'audio' ? { ptt: body.ptt === true } : {}),
    ...(kind === 'video' && body.gifPlayback ? { gifPlayback: true } : {}),
  } as SendInput;
  if (kind === 'audio' || kind === 'sticker') delete (input as { caption?: string }).caption;
  const outcome = await sends.dispatch(ticket, input, { wait: target.wait }).catch(async (error) => {
    await discard();
    throw error;
  });
  if (outcome.duplicate) await discard();
  return answerSend(fastify, reply, kind, outcome, (messageId) => ({ ok: true as const, messageId }));
}

function optional<K extends keyof MediaJsonBody>(
  body: MediaJsonBody,
  ...keys: K[]
): Partial<Pick<MediaJsonBody, K>> {
  const picked: Partial<Pick<MediaJsonBody, K>> = {};
  for (const key of keys) if (body[key] !== undefined) picked[key] = body[key];
  return picked;
}
