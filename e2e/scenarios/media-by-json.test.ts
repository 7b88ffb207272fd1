import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPair } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { chatMessages } from '../support/messages.js';

const IMAGE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200_003)]);
const DOC = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(30_011)]);
const SIXTY_MB = 60 * 1024 * 1024;

// Media by JSON through the running stack: the session worker (not the gateway) fetches `url`s
// from a server in this test (private networks allowed for it), base64 is decoded by the gateway.
describe('media by JSON: url and base64', () => {
  const e2e = useE2eStack(
    { MEDIA_URL_ALLOW_PRIVATE_NETWORKS: 'true' },
    { gateways: 1, sessionWorkers: 2, webhookWorkers: 1 },
  );
  let server: Server;
  let base = '';
  const fetched: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      fetched.push(request.url ?? '');
      if (request.url === '/cat.jpg') {
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end(IMAGE);
      } else if (request.url === '/files/report.pdf') {
        // No type served: the worker keeps the client's, the file name comes from the path.
        response.writeHead(200).end(DOC);
      } else if (request.url === '/huge.bin') {
        response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(SIXTY_MB) });
        response.write(Buffer.alloc(64 * 1024));
        // never finished: the worker must refuse on the declared length
      } else {
        response.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('url and base64 sends arrive byte-exact; url failures answer 4xx or a failed status', async () => {
    const { api } = e2e();
    const alice = await createAndPair(api, 'alice');
    const bob = await createAndPair(api, 'bob');
    const arrived = (id: string) =>
      waitFor(async () => (await chatMessages(api, 'bob', alice.jid)).find((m) => m.messageId === id), {
        what: `bob receives ${id}`,
        timeoutMs: 30_000,
      });
    const bytesOf = async (id: string) => {
      const download = await api.download(`/accounts/bob/messages/${id}/media`);
      expect(download.status).toBe(200);
      return download.bytes;
    };

    // ── url: fetched by the worker, served type kept
    const byUrl = await api.call('POST', '/accounts/alice/message/send/image', {
      body: { to: bob.jid, url: `${base}/cat.jpg`, caption: 'from a url' },
    });
    const urlId = String(expectStatus(byUrl, 200, 'image by url').json.messageId);
    expect(await arrived(urlId)).toMatchObject({
      type: 'image',
      caption: 'from a url',
      mimetype: 'image/jpeg',
    });
    expect((await bytesOf(urlId)).equals(IMAGE)).toBe(true);
    const doc = await api.call('POST', '/accounts/alice/message/send/document', {
      body: { to: bob.jid, url: `${base}/files/report.pdf`, mimetype: 'application/pdf' },
    });
    const docId = String(expectStatus(doc, 200, 'document by url').json.messageId);
    expect(await arrived(docId)).toMatchObject({
      type: 'document',
      mimetype: 'application/pdf',
      fileName: 'report.pdf',
    });
    expect((await bytesOf(docId)).equals(DOC)).toBe(true);

    // ── base64: decoded at the gateway, type sniffed
    const inline = await api.call('POST', '/accounts/alice/message/send/image', {
      body: { to: bob.jid, base64: IMAGE.subarray(0, 50_000).toString('base64') },
    });
    const inlineId = String(expectStatus(inline, 200, 'image by base64').json.messageId);
    expect(await arrived(inlineId)).toMatchObject({ type: 'image', mimetype: 'image/jpeg' });
    expect((await bytesOf(inlineId)).equals(IMAGE.subarray(0, 50_000))).toBe(true);

    // ── failures: wait=true answers the 4xx, wait=false leaves a failed status with the reason
    const missing = await api.call('POST', '/accounts/alice/message/send/image', {
      body: { to: bob.jid, url: `${base}/nothing.jpg` },
    });
    expect([missing.status, missing.json]).toEqual([422, { ok: false, error: 'url answered 404' }]);
    const huge = await api.call('POST', '/accounts/alice/message/send/video', {
      body: { to: bob.jid, url: `${base}/huge.bin` },
    });
    expect([huge.status, huge.json]).toEqual([
      413,
      { ok: false, error: 'media at url is larger than 50 MB' },
    ]);
    const queued = await api.call('POST', '/accounts/alice/message/send/image?wait=false', {
      body: { to: bob.jid, url: `${base}/gone.jpg` },
    });
    expect(queued.status).toBe(202);
    const failed = await waitFor(
      async () => {
        const view = (await api.call('GET', `/accounts/alice/messages/${queued.json.messageId}`)).json;
        return view.message?.status === 'failed' ? view.message : undefined;
      },
      { what: 'the queued url send failed', timeoutMs: 30_000 },
    );
    expect(failed.error).toBe('url answered 404');
    const bad = await api.call('POST', '/accounts/alice/message/send/image', {
      body: { to: bob.jid, base64: '%%%' },
    });
    expect(bad.status).toBe(400);
    // The gateway never fetched anything: every request the server saw came from the worker's fetches.
    expect(fetched.sort()).toEqual([
      '/cat.jpg',
      '/files/report.pdf',
      '/gone.jpg',
      '/huge.bin',
      '/nothing.jpg',
    ]);
  });
});
