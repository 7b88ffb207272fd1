import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import type { MediaInfo, Store } from '@wildcat/store';
import { bareHost, classifyAddress } from '@wildcat/webhooks';
import { HttpError } from '../errors/http-error.js';
import { FILE_TOO_LARGE } from './receive-upload.js';
import { sniffMimetype } from './sniff-mimetype.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[^,]*)?;base64,/i;

export const INVALID_BASE64 =
  'base64 is not valid base64 (A-Z, a-z, 0-9, +, / and = padding, or a data: URL)';

const DEFAULT_MIMETYPES: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/mpeg',
  sticker: 'image/webp',
};

/**
 * Decodes a JSON send's `base64` (or data: URL) into GridFS: strict alphabet (400 otherwise),
 * at most `maxBytes` decoded (413), the type from the client, the data: URL, the bytes, or the route.
 */
export async function storeBase64Media(
  store: Store,
  input: { base64: string; mimetype?: string; fileName?: string; kind: string },
  owner: { accountId: string; messageId: string; maxBytes: number },
): Promise<MediaInfo> {
  let text = input.base64.trim();
  const dataUrl = DATA_URL.exec(text);
  if (dataUrl) text = text.slice(dataUrl[0].length);
  text = text.replace(/\s/g, '');
  if (!text || text.length % 4 === 1 || !BASE64.test(text)) throw new HttpError(400, INVALID_BASE64);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) throw new HttpError(400, INVALID_BASE64);
  if (bytes.length > owner.maxBytes) throw new HttpError(413, FILE_TOO_LARGE);
  const mimetype =
    input.mimetype ??
    dataUrl?.[1] ??
    sniffMimetype(bytes) ??
    DEFAULT_MIMETYPES[input.kind] ??
    'application/octet-stream';
  return store.media.upload(Readable.from([bytes]), {
    accountId: owner.accountId,
    messageId: owner.messageId,
    mimetype,
    ...(input.fileName ? { fileName: input.fileName } : {}),
    maxBytes: owner.maxBytes,
  });
}

/**
 * A media `url` as the worker will fetch it: http or https with a host; a literal private address
 * or localhost is refused at once unless allowed (the worker checks every address it connects to).
 */
export function checkMediaUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpError(400, 'url must be a valid http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HttpError(400, 'url must use http or https');
  if (!url.hostname) throw new HttpError(400, 'url must name a host');
  if (!allowPrivate) refuseLiteralPrivate(url);
  return url.href;
}

/** What needs no DNS to know: a private IP literal or localhost. */
function refuseLiteralPrivate(url: URL): void {
  const host = bareHost(url.hostname);
  const addressClass = isIP(host) ? classifyAddress(host) : host === 'localhost' ? 'loopback' : undefined;
  if (addressClass)
    throw new HttpError(400, `url host ${host} is a ${addressClass} address; media URLs must be public`);
}
