import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';
import { multipart } from './helpers/multipart.js';

const TO = '919876543210@s.whatsapp.net';
const HTML = Buffer.from('<script>fetch("/accounts",{credentials:"include"})</script>');
const CSP = "sandbox; default-src 'none'";

const { t } = useAppWithWorker({ account: 'mybot' });

/** A file as a WhatsApp contact's message would leave it in the store, with the sender's type. */
async function stored(mimetype: string, fileName: string): Promise<string> {
  const info = await t.store.media.upload(Readable.from([HTML]), {
    accountId: 'mybot',
    messageId: `M${Math.random().toString(16).slice(2)}`,
    mimetype,
    fileName,
  });
  return info.mediaId;
}

describe('media answers cannot run in the gateway origin (issue 23 item 5)', () => {
  const cases: Array<[string, 'inline' | 'attachment']> = [
    ['text/html', 'attachment'],
    ['TEXT/HTML; charset=utf-8', 'attachment'],
    ['image/svg+xml', 'attachment'],
    ['application/xhtml+xml', 'attachment'],
    ['text/xml', 'attachment'],
    ['application/pdf', 'attachment'],
    ['application/octet-stream', 'attachment'],
    ['text/plain', 'attachment'],
    ['image/jpeg', 'inline'],
    ['image/png', 'inline'],
    ['image/webp', 'inline'],
    ['audio/ogg; codecs=opus', 'inline'],
    ['video/mp4', 'inline'],
  ];
  for (const [type, disposition] of cases) {
    it(`${type} → ${disposition}, sandbox CSP and nosniff`, async () => {
      const id = await stored(type, 'page.html');
      for (const url of [`/media/${id}`, `/accounts/mybot/messages/${id}/media`]) {
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-disposition']).toBe(
          `${disposition}; filename="page.html"; filename*=UTF-8''page.html`,
        );
        expect(response.headers['content-security-policy']).toBe(CSP);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
      }
      const part = await t.app.inject({
        method: 'GET',
        url: `/media/${id}`,
        headers: { range: 'bytes=0-3' },
      });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-security-policy']).toBe(CSP);
      expect(part.headers['content-disposition']).toMatch(new RegExp(`^${disposition};`));
    });
  }

  it("an API uploader's text/html document is downloaded, not rendered", async () => {
    const form = multipart(
      { to: TO },
      { field: 'document', fileName: 'invoice.html', contentType: 'text/html', data: HTML },
    );
    const sent = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send/document',
      ...form,
    });
    expect(sent.statusCode).toBe(200);
    const { messageId } = sent.json();
    const response = await t.app.inject({
      method: 'GET',
      url: `/accounts/mybot/messages/${messageId}/media`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="invoice.html"; filename*=UTF-8''invoice.html`,
    );
    expect(response.headers['content-security-policy']).toBe(CSP);
  });
});
