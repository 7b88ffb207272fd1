import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevdb } from '@wildcat/devdb';
import type { SendJob } from '@wildcat/jobs';
import { createStore, type Store } from '@wildcat/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaUrlError } from '../src/errors/media-url-error.js';
import { fetchMediaUrl, fetchUrlBytes, type MediaUrlSettings } from '../src/send/media-url.js';

let devdb: Awaited<ReturnType<typeof startDevdb>>;
let store: Store;
let server: Server;
let port = 0;
const BYTES = randomBytes(300_000);

beforeAll(async () => {
  devdb = await startDevdb({ quiet: true });
  store = await createStore({ url: devdb.url, dbName: `murl_${randomBytes(4).toString('hex')}` });
  server = createServer((request, response) => {
    if (request.url === '/ok.png')
      return void response.writeHead(200, { 'content-type': 'image/png' }).end(BYTES);
    if (request.url === '/chunked') {
      // No Content-Length: only the streaming cap can stop it.
      response.writeHead(200, { 'content-type': 'video/mp4' });
      response.write(BYTES);
      return void response.end(BYTES);
    }
    if (request.url === '/slow') return void response.writeHead(200).write('x'); // never ends
    if (request.url === '/hop') return void response.writeHead(302, { location: '/ok.png' }).end();
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  await devdb?.close();
});

const job = (url: string, id = randomBytes(6).toString('hex')) =>
  ({
    accountId: 'acc',
    messageId: `M${id}`,
    to: '15550000002@s.whatsapp.net',
    acceptedAt: Date.now(),
    kind: 'image',
    mimetype: '',
    mediaUrl: url,
  }) as Extract<SendJob, { kind: 'image' }> & { mediaUrl: string };

const allowed: MediaUrlSettings = { maxBytes: 1_000_000, timeoutMs: 2_000, allowPrivate: true };

async function refusal(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MediaUrlError)) throw new Error(`expected a MediaUrlError, got ${String(error)}`);
  return [error.httpStatus, error.message];
}

describe('fetchMediaUrl (the worker side of media by url)', () => {
  it('streams the body into GridFS with the served type; follows a redirect', async () => {
    const fetched = await fetchMediaUrl(job(`http://127.0.0.1:${port}/ok.png`), store, allowed);
    expect(fetched).toMatchObject({ mimetype: 'image/png', fileName: 'ok.png' });
    expect(await store.media.info(fetched.mediaId)).toMatchObject({ length: BYTES.length, accountId: 'acc' });
    const hopped = await fetchMediaUrl(job(`http://127.0.0.1:${port}/hop`), store, allowed);
    expect((await store.media.info(hopped.mediaId))?.length).toBe(BYTES.length);
  });

  it('private addresses are refused unless allowed: by name and by literal address', async () => {
    const guarded = { ...allowed, allowPrivate: false };
    expect(await refusal(fetchMediaUrl(job(`http://localhost:${port}/ok.png`), store, guarded))).toEqual([
      400,
      'url host localhost resolves to a loopback address; media URLs must be public',
    ]);
    const [status, message] = await refusal(
      fetchMediaUrl(job(`http://127.0.0.1:${port}/ok.png`), store, guarded),
    );
    expect([status, message]).toEqual([
      400,
      'url host 127.0.0.1 resolves to a loopback address; media URLs must be public',
    ]);
  });

  it('caps the streamed size (413, nothing left in GridFS), times out (422), reports server errors (422)', async () => {
    const capped = { ...allowed, maxBytes: 400_000 };
    const id = 'capped1';
    expect(await refusal(fetchMediaUrl(job(`http://127.0.0.1:${port}/chunked`, id), store, capped))).toEqual([
      413,
      'media at url is larger than 0.4 MB',
    ]);
    expect(await store.media.findByMessage('acc', `M${id}`)).toBeUndefined();
    const started = Date.now();
    expect(
      await refusal(
        fetchMediaUrl(job(`http://127.0.0.1:${port}/slow`), store, { ...allowed, timeoutMs: 500 }),
      ),
    ).toEqual([422, 'url did not deliver its media within 0.5 s']);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await refusal(fetchMediaUrl(job(`http://127.0.0.1:${port}/broken`), store, allowed))).toEqual([
      422,
      'url answered 500',
    ]);
    expect(await refusal(fetchMediaUrl(job('http://127.0.0.1:1/x.png'), store, allowed))).toEqual([
      422,
      'url could not be fetched (ECONNREFUSED)',
    ]);
  });
});

describe('fetchUrlBytes (a profile picture by url)', () => {
  it('reads the bytes through the same guard, redirects, cap and timeout', async () => {
    expect((await fetchUrlBytes(`http://127.0.0.1:${port}/hop`, allowed)).equals(BYTES)).toBe(true);
    expect(
      await refusal(fetchUrlBytes(`http://127.0.0.1:${port}/ok.png`, { ...allowed, allowPrivate: false })),
    ).toEqual([400, 'url host 127.0.0.1 resolves to a loopback address; media URLs must be public']);
    // Refused by Content-Length before a byte is read, and while streaming when there is none.
    for (const path of ['/ok.png', '/chunked'])
      expect(
        await refusal(fetchUrlBytes(`http://127.0.0.1:${port}${path}`, { ...allowed, maxBytes: 1000 })),
      ).toEqual([413, 'media at url is larger than 0 MB']);
    expect(
      await refusal(fetchUrlBytes(`http://127.0.0.1:${port}/slow`, { ...allowed, timeoutMs: 300 })),
    ).toEqual([422, 'url did not deliver its media within 0.3 s']);
    expect(await refusal(fetchUrlBytes(`http://127.0.0.1:${port}/broken`, allowed))).toEqual([
      422,
      'url answered 500',
    ]);
  });
});
