import { TEXT_MAX } from '@wildcat/jobs';
import { z } from 'zod';
import { field, jid, messageId } from '../common-schema.js';

const TO_REQUIRED = 'to field is required';
export const URL_OR_BASE64 = 'exactly one of url or base64 is required';

/**
 * A media send as JSON: the file by `url` (fetched by the worker) or inline `base64` (decoded here,
 * so capped by the JSON body limit), plus the multipart route's fields with real booleans.
 */
export const mediaJsonBody = z
  .object(
    {
      to: jid('to', TO_REQUIRED),
      url: field(URL_OR_BASE64, 'url must be a string')
        .max(4096, { error: 'url must be at most 4096 characters' })
        .optional()
        .describe('http(s) URL the worker downloads the file from (public addresses only, up to 50 MB)'),
      base64: field(URL_OR_BASE64, 'base64 must be a string')
        .optional()
        .describe('The file itself, base64 (a data: URL works too); the JSON body limit caps it'),
      mimetype: field('mimetype must be a string')
        .regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, { error: 'mimetype must look like type/subtype' })
        .max(255, { error: 'mimetype must be at most 255 characters' })
        .optional()
        .describe('Default: the data: URL type, the served Content-Type, the bytes, else by route'),
      fileName: field('fileName must be a string')
        .max(255, { error: 'fileName must be at most 255 characters' })
        .optional(),
      caption: field('caption must be a string')
        .max(TEXT_MAX, { error: `caption must be at most ${TEXT_MAX} characters` })
        .optional(),
      ptt: z.boolean({ error: 'ptt must be true or false' }).optional(),
      gifPlayback: z.boolean({ error: 'gifPlayback must be true or false' }).optional(),
      quotedMessageId: messageId('quotedMessageId', 'quotedMessageId must be a string').optional(),
    },
    { error: TO_REQUIRED },
  )
  .refine((body) => (body.url === undefined) !== (body.base64 === undefined), { error: URL_OR_BASE64 });

export type MediaJsonBody = z.output<typeof mediaJsonBody>;

/** The OpenAPI shape of the JSON alternative (documented beside the multipart one). */
export function mediaJsonOpenApi(kind: string): Record<string, unknown> {
  const schema = z.toJSONSchema(mediaJsonBody, { target: 'openapi-3.0', io: 'input' }) as {
    properties: Record<string, unknown>;
  };
  if (kind !== 'audio') delete schema.properties.ptt;
  if (kind !== 'video') delete schema.properties.gifPlayback;
  if (kind === 'audio' || kind === 'sticker') delete schema.properties.caption;
  return {
    ...schema,
    example: {
      to: '15550000002@s.whatsapp.net',
      url: `https://example.com/files/${kind === 'document' ? 'invoice.pdf' : `sample.${EXTENSIONS[kind] ?? 'bin'}`}`,
      ...(kind === 'audio' || kind === 'sticker' ? {} : { caption: 'From our catalogue' }),
    },
  };
}

const EXTENSIONS: Record<string, string> = { image: 'jpg', video: 'mp4', audio: 'mp3', sticker: 'webp' };
