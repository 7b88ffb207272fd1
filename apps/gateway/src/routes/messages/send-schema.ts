import { JID_PATTERN, TEXT_MAX } from '@wildcat/jobs';
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
import { mediaJsonOpenApi } from './media-json-schema.js';

const MENTIONS_INVALID = 'mentions must be an array of WhatsApp JIDs';
const mentions = z
  .array(z.string().regex(JID_PATTERN, { error: MENTIONS_INVALID }), { error: MENTIONS_INVALID })
  .max(256, { error: 'mentions must hold at most 256 JIDs' })
  .optional();

function text(required: string) {
  return field(required, 'message must be a string')
    .min(1, { error: required })
    .max(TEXT_MAX, { error: `message must be at most ${TEXT_MAX} characters` });
}

const SEND_REQUIRED = 'to and message are required';
export const sendTextBody = z.object(
  { to: jid('to', SEND_REQUIRED), message: text(SEND_REQUIRED), mentions },
  { error: SEND_REQUIRED },
);

const REPLY_REQUIRED = 'to, message, and quotedMessageId are required';
export const replyBody = z.object(
  {
    to: jid('to', REPLY_REQUIRED),
    message: text(REPLY_REQUIRED),
    quotedMessageId: messageId('quotedMessageId', REPLY_REQUIRED),
    chatId: jid('chatId', REPLY_REQUIRED).optional(),
    mentions,
  },
  { error: REPLY_REQUIRED },
);

const TARGET_REQUIRED = 'to and messageId are required';

/** react and delete take the chat as `to` (the reference) or `chatId` (the original server). */
const target = {
  to: jid('to', TARGET_REQUIRED).optional(),
  chatId: jid('chatId', TARGET_REQUIRED).optional(),
  messageId: messageId('messageId', TARGET_REQUIRED),
};

function chatOf(body: { to?: string; chatId?: string }): string {
  return (body.to ?? body.chatId) as string;
}

const hasChat = (body: { to?: string; chatId?: string }) =>
  body.to !== undefined || body.chatId !== undefined;

export const reactBody = z
  .object(
    {
      ...target,
      emoji: field('emoji must be a string')
        .max(32, { error: 'emoji must be a single emoji' })
        .default('')
        .describe('Single emoji; empty removes the reaction'),
    },
    { error: TARGET_REQUIRED },
  )
  .refine(hasChat, { error: TARGET_REQUIRED })
  .transform((body) => ({ to: chatOf(body), messageId: body.messageId, emoji: body.emoji }));

export const deleteBody = z
  .object(target, { error: TARGET_REQUIRED })
  .refine(hasChat, { error: TARGET_REQUIRED })
  .transform((body) => ({ to: chatOf(body), messageId: body.messageId }));

const sent = z.object({ ok: okFlag, messageId: z.string() });
const queued = z.object({ ok: okFlag, messageId: z.string(), status: z.literal('queued') });
const sendErrors = errors(400, 401, 404, 409, 413, 429, 502, 503, 504);

export function sendRoute<B extends z.ZodType>(summary: string, body: B, ok: z.ZodType = sent, about = '') {
  return {
    tags: ['messaging'],
    summary,
    description:
      about +
      'Waits for the worker and answers the WhatsApp message id; `?wait=false` answers 202 at once. ' +
      'An `Idempotency-Key` header makes a retried request return the same messageId and send once.',
    params: accountParams,
    querystring: waitQuery,
    headers: idempotencyHeaders,
    body,
    response: { 200: ok, 202: queued, ...sendErrors },
  };
}

export const sendTextSchema = sendRoute('Send text', sendTextBody);
export const replySchema = sendRoute('Reply to message', replyBody);
export const reactSchema = sendRoute(
  'React with emoji',
  reactBody,
  z.object({ ok: okFlag, message: z.literal('Reaction sent'), messageId: z.string() }),
);
export const deleteSchema = sendRoute(
  'Delete message for everyone',
  deleteBody,
  z.object({ ok: okFlag, message: z.literal('Message deleted'), messageId: z.string() }),
);

export const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

const TO_REQUIRED = 'to field is required';
/** The text fields of a multipart send, validated after the file has streamed to GridFS. */
export const mediaFields = z.object(
  {
    to: jid('to', TO_REQUIRED),
    caption: field('caption must be a string')
      .max(TEXT_MAX, { error: `caption must be at most ${TEXT_MAX} characters` })
      .optional(),
    fileName: field('fileName must be a string')
      .max(255, { error: 'fileName must be at most 255 characters' })
      .optional(),
    ptt: z.enum(['true', 'false'], { error: 'ptt must be true or false' }).optional(),
    quotedMessageId: messageId('quotedMessageId', 'quotedMessageId must be a string').optional(),
    gifPlayback: z.enum(['true', 'false'], { error: 'gifPlayback must be true or false' }).optional(),
  },
  { error: TO_REQUIRED },
);

const mediaDescriptions: Record<MediaKind, string> = {
  image: 'Send image (JPG, PNG, GIF; max 50 MB)',
  video: 'Send video (MP4, WebM; max 50 MB)',
  audio: 'Send audio (MP3, M4A, OGG, WAV; max 50 MB; ptt=true sends a voice note)',
  document: 'Send document (PDF, DOCX, XLS, ...; max 50 MB)',
  sticker: 'Send sticker (WebP sent as it is; PNG or JPEG converted to a 512×512 WebP)',
};

/** Image types a sticker may be uploaded as (the worker checks the bytes, not only this label). */
export const STICKER_MIMETYPES = ['image/webp', 'image/png', 'image/jpeg'] as const;

function multipartBody(kind: MediaKind): Record<string, unknown> {
  const fields = z.toJSONSchema(mediaFields, { target: 'openapi-3.0', io: 'input' }) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  if (kind !== 'audio') delete fields.properties.ptt;
  if (kind !== 'video') delete fields.properties.gifPlayback;
  if (kind === 'audio' || kind === 'sticker') delete fields.properties.caption;
  if (kind === 'sticker') delete fields.properties.fileName;
  return {
    type: 'object',
    properties: { [kind]: { type: 'string', format: 'binary' }, ...fields.properties },
    required: [kind, ...(fields.required ?? [])],
  };
}

export function mediaSendSchema(kind: MediaKind) {
  return {
    tags: ['messaging'],
    summary: mediaDescriptions[kind],
    description:
      `multipart/form-data with the file in \`${kind}\`, or application/json with the file by \`url\` ` +
      '(downloaded by the worker: public addresses only, up to 50 MB, failures answer 400/413/422) or inline ' +
      '`base64` (capped by the JSON body limit, BODY_LIMIT_BYTES: 413 beyond it). ' +
      sendRoute('', z.object({})).description,
    consumes: ['multipart/form-data'],
    multipartBody: multipartBody(kind),
    jsonAlternativeBody: mediaJsonOpenApi(kind),
    params: accountParams,
    querystring: waitQuery,
    headers: idempotencyHeaders,
    response: { 200: sent, 202: queued, ...sendErrors, 415: errors(415)[415] },
  };
}
