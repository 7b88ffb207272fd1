import type { Readable } from 'node:stream';
import type { SendJob } from '@wildcat/jobs';
import { isStoreUnavailable, MediaTooLargeError, type Store } from '@wildcat/store';
import { createGuardedConnector, UnsafeAddressError } from '@wildcat/webhooks';
import { Agent, type Dispatcher, request } from 'undici';
import { MediaUrlError } from '../errors/media-url-error.js';

export interface MediaUrlSettings {
  /** MEDIA_URL_MAX_BYTES */
  maxBytes: number;
  /** MEDIA_URL_TIMEOUT_MS: the whole fetch, headers and body. */
  timeoutMs: number;
  /** MEDIA_URL_ALLOW_PRIVATE_NETWORKS */
  allowPrivate: boolean;
}

export const DEFAULT_MEDIA_URL_SETTINGS: MediaUrlSettings = {
  maxBytes: 52_428_800,
  timeoutMs: 30_000,
  allowPrivate: false,
};

const MAX_REDIRECTS = 3;

/** When neither the client nor the server names a type. */
const DEFAULT_MIMETYPES: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/mpeg',
  sticker: 'image/webp',
};

const megabytes = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;

type MediaJob = Extract<SendJob, { mimetype: string }>;

/**
 * GETs `rawUrl` through the webhooks' SSRF guard (every address connected to must be public
 * unless allowed), within `timeoutMs` (headers and body), following at most 3 redirects (each
 * checked again), refusing a declared Content-Length over `maxBytes` before a byte is read; then
 * `read` takes the body. Every failure comes out as a MediaUrlError the client can act on.
 */
async function guardedGet<T>(
  rawUrl: string,
  settings: MediaUrlSettings,
  read: (response: Dispatcher.ResponseData, url: URL) => Promise<T>,
): Promise<T> {
  const dispatcher = new Agent({
    connect: createGuardedConnector({ allowPrivate: settings.allowPrivate, timeoutMs: settings.timeoutMs }),
  });
  const signal = AbortSignal.timeout(settings.timeoutMs);
  try {
    let url = new URL(rawUrl);
    for (let hop = 0; ; hop++) {
      const response = await request(url, { dispatcher, signal, method: 'GET' });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        if (hop >= MAX_REDIRECTS)
          throw new MediaUrlError(422, `url redirected more than ${MAX_REDIRECTS} times`);
        url = new URL(location, url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          throw new MediaUrlError(422, 'url redirected to something other than http or https');
        continue;
      }
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump();
        throw new MediaUrlError(422, `url answered ${response.statusCode}`);
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > settings.maxBytes) {
        response.body.destroy();
        throw tooLarge(settings.maxBytes);
      }
      return await read(response, url);
    }
  } catch (error) {
    throw explain(error, settings);
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/**
 * Fetches a send's media `url` into GridFS, here in the worker (never the gateway), capped at
 * `maxBytes` while streaming. The job gets the stored file in its place.
 */
export async function fetchMediaUrl(
  job: MediaJob & { mediaUrl: string },
  store: Store,
  settings: MediaUrlSettings,
): Promise<{ mediaId: string; mimetype: string; fileName?: string }> {
  return guardedGet(job.mediaUrl, settings, async (response, url) => {
    const served = String(response.headers['content-type'] ?? '').trim();
    const mimetype =
      job.mimetype || usableType(served) || DEFAULT_MIMETYPES[job.kind] || 'application/octet-stream';
    const fileName = job.fileName ?? fileNameOf(url);
    const stored = await store.media.upload(response.body as unknown as Readable, {
      accountId: job.accountId,
      messageId: job.messageId,
      mimetype,
      ...(fileName ? { fileName } : {}),
      maxBytes: settings.maxBytes,
    });
    return { mediaId: stored.mediaId, mimetype, ...(fileName ? { fileName } : {}) };
  });
}

/** The bytes at `url` in memory (a profile picture), under the same guard, cap and timeout. */
export async function fetchUrlBytes(url: string, settings: MediaUrlSettings): Promise<Buffer> {
  return guardedGet(url, settings, async (response) => {
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > settings.maxBytes) {
        response.body.destroy();
        throw tooLarge(settings.maxBytes);
      }
      chunks.push(chunk);
    }
    if (length === 0) throw new MediaUrlError(422, 'url answered with no content');
    return Buffer.concat(chunks, length);
  });
}

function tooLarge(maxBytes: number): MediaUrlError {
  return new MediaUrlError(413, `media at url is larger than ${megabytes(maxBytes)}`);
}

/** A served Content-Type worth keeping: a real type, not the servers' catch-all. */
function usableType(served: string): string | undefined {
  const type = served.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(type) || type === 'application/octet-stream') return undefined;
  // Voice notes need their codec parameter (audio/ogg; codecs=opus).
  return type.startsWith('audio/') ? served : type;
}

function fileNameOf(url: URL): string | undefined {
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '').trim();
  return last && /\.[A-Za-z0-9]{1,8}$/.test(last) ? last.slice(0, 255) : undefined;
}

/** Every failure as the client should read it; MongoDB outages stay as they are (retried). */
function explain(error: unknown, settings: MediaUrlSettings): unknown {
  if (error instanceof MediaUrlError || isStoreUnavailable(error)) return error;
  if (error instanceof MediaTooLargeError) return tooLarge(settings.maxBytes);
  const cause = (error as { cause?: unknown }).cause;
  const unsafe = [error, cause].find((e) => e instanceof UnsafeAddressError) as
    | UnsafeAddressError
    | undefined;
  if (unsafe)
    return new MediaUrlError(
      400,
      `url host ${unsafe.host} resolves to a ${unsafe.addressClass} address; media URLs must be public`,
    );
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new MediaUrlError(422, `url did not deliver its media within ${settings.timeoutMs / 1000} s`);
  const code = String(
    (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code ?? '',
  );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new MediaUrlError(422, 'url host could not be resolved');
  return new MediaUrlError(422, `url could not be fetched (${code || (error as Error).message})`);
}
