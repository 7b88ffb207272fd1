import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
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

export const MALFORMED_MULTIPART = 'Malformed multipart body';

/**
 * busboy's parse errors are plain Errors (no status): a body that ends before its closing
 * boundary, a boundary that never appears, an empty or overlong boundary. They are the client's
 * fault, not ours (the fuzz suite found them answering 500).
 */
export function isMalformedMultipart(error: unknown): boolean {
  return (
    error instanceof Error &&
    !(error instanceof HttpError) &&
    (error as { statusCode?: number }).statusCode === undefined &&
    /unexpected end of multipart data|boundary not found|the needle cannot/i.test(error.message)
  );
}

/**
 * Reads a part nobody wants to its end. `finished` also settles when the stream is destroyed
 * without 'end' or 'error' (a part cut short by a truncated body), where waiting for 'end' hung
 * the request forever (found by the fuzz suite).
 */
async function drain(stream: Readable): Promise<void> {
  stream.resume();
  // The part is dropped either way; a broken request (aborted, truncated) fails the parts
  // iterator the caller is reading, so here an error only means this part is done.
  await finished(stream).catch(() => undefined);
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
    throw isMalformedMultipart(error) ? new HttpError(400, MALFORMED_MULTIPART) : error;
  }
  return { fields, media };
}
