import type { MediaInfo, Store } from '@wildcat/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-error.js';
import { isInlineSafe, MEDIA_CSP } from './media-type.js';

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range of RFC 9110 as [start, end) or 'unsatisfiable'; undefined means "send it
 * all" (no header, several ranges, or a syntax we ignore, as the RFC allows).
 */
export function parseRange(
  header: string | undefined,
  total: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (!header || total === 0) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, total - suffix), end: total };
  }
  const start = Number(from);
  if (start >= total) return 'unsatisfiable';
  const last = to === '' ? total - 1 : Math.min(Number(to), total - 1);
  if (last < start) return 'unsatisfiable';
  return { start, end: last + 1 };
}

/**
 * `inline` only for the allowlisted types (media-type.ts), else `attachment`; an ASCII fallback
 * name and the exact UTF-8 name in filename*.
 */
export function contentDisposition(fileName: string, contentType: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const kind = isInlineSafe(contentType) ? 'inline' : 'attachment';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Streams a GridFS file (or one range of it) to the client; nothing is buffered whole. */
export function serveMedia(request: FastifyRequest, reply: FastifyReply, store: Store, info: MediaInfo) {
  const total = info.length;
  const range = parseRange(request.headers.range, total);
  if (range === 'unsatisfiable') {
    throw new HttpError(416, 'Range not satisfiable', {}, { 'content-range': `bytes */${total}` });
  }
  const contentType = info.mimetype || 'application/octet-stream';
  reply
    .header('accept-ranges', 'bytes')
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(info.fileName ?? info.mediaId, contentType))
    // nosniff comes with every answer (security-headers.ts); said again here because a media
    // answer is the one place a stored, foreign type meets the browser.
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', MEDIA_CSP)
    .header('cache-control', 'private, max-age=3600');
  if (range) {
    reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end - 1}/${total}`)
      .header('content-length', String(range.end - range.start));
    return reply.send(store.media.openDownload(info.mediaId, range));
  }
  reply.code(200).header('content-length', String(total));
  return reply.send(store.media.openDownload(info.mediaId));
}
