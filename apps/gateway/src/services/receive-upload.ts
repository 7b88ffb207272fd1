import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { MediaInfo, Store } from '@wildcat/store';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-error.js';

export const FILE_TOO_LARGE = 'File is too large';

/** Room for multipart framing and the text fields on top of the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

export interface ReceivedUpload {
  fields: Record<string, string>;
  media?: MediaInfo;
}

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  if (!stream.readableEnded) await once(stream, 'end').catch(() => undefined);
}

/**
 * Reads a multipart send part by part: the file named `fileField` streams straight into GridFS
 * (never buffered whole) and stops with 413 past `maxBytes`, removing what was written; text
 * fields are collected for validation; any other file is read and dropped.
 */
export async function receiveUpload(
  request: FastifyRequest,
  store: Store,
  options: { fileField: string; accountId: string; messageId: string; maxBytes: number },
): Promise<ReceivedUpload> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    // Known too large before a byte is read: answer now; Node discards the unread body.
    throw new HttpError(413, FILE_TOO_LARGE, {}, { connection: 'close' });
  }
  const fields: Record<string, string> = {};
  let media: MediaInfo | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== options.fileField || media) {
        await drain(part.file);
        continue;
      }
      media = await store.media.upload(part.file, {
        accountId: options.accountId,
        messageId: options.messageId,
        mimetype: part.mimetype || 'application/octet-stream',
        fileName: part.filename || undefined,
        maxBytes: options.maxBytes,
      });
      // busboy stops a file at the limit and marks it truncated: it was too large.
      if (part.file.truncated) throw new HttpError(413, FILE_TOO_LARGE);
    }
  } catch (error) {
    if (media) await store.media.remove(media.mediaId);
    throw error;
  }
  return { fields, media };
}
