import { connect } from 'node:net';
import { MEDIA_BUCKET } from '@wildcat/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';
import { multipart } from './helpers/multipart.js';

const TO = '919876543210@s.whatsapp.net';
let t: TestApp;
let port: number;
beforeAll(async () => {
  // Default body and upload limits; short header and request timeouts for the slow-client tests.
  t = await buildTestApp({ env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '3000' } });
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'limits' } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t?.close();
});

describe('body limits', () => {
  it('JSON bodies are capped at 1 MB (413 {ok:false,error})', async () => {
    const over = await t.app.inject({
      method: 'POST',
      url: '/accounts/limits/message/send?wait=false',
      payload: { to: TO, message: 'x'.repeat(1_100_000) },
    });
    expect(over.statusCode).toBe(413);
    expect(over.json()).toEqual({ ok: false, error: 'Request body is too large' });
    const under = await t.app.inject({
      method: 'POST',
      url: '/accounts/limits/message/send?wait=false',
      payload: { to: TO, message: 'x'.repeat(900_000) },
    });
    expect(under.statusCode).toBe(400); // within the body limit; the text limit (65536) answers
  });

  it('multipart: one file, at most 20 fields, fields of at most 256 KiB; nothing stored when refused', async () => {
    const file = {
      field: 'document',
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('pdf'),
    };
    const twoFiles = multipart({ to: TO }, file);
    const second = Buffer.from(
      `--${twoFiles.headers['content-type']?.split('boundary=')[1]}\r\nContent-Disposition: form-data; name="document"; filename="b.pdf"\r\n\r\nmore\r\n`,
    );
    const cases = [
      { name: 'two files', ...twoFiles, payload: Buffer.concat([second, twoFiles.payload]) },
      {
        name: '25 fields',
        ...multipart(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'v'])), file),
      },
      { name: 'huge field', ...multipart({ to: TO, caption: 'c'.repeat(300 * 1024) }, file) },
    ];
    for (const { name, payload, headers } of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/accounts/limits/message/send/document?wait=false',
        headers,
        payload,
      });
      expect(response.statusCode, name).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, name).toBeLessThan(500);
      expect(response.json().ok, name).toBe(false);
    }
    expect(await t.inspect.count(`${MEDIA_BUCKET}.files`)).toBe(0);
  });
});

/** Opens a raw socket, runs `drip` on it, resolves how long the server kept it open. */
function holdOpen(
  drip: (write: (text: string) => void) => NodeJS.Timeout | undefined,
): Promise<{ ms: number; data: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let data = '';
    const socket = connect(port, '127.0.0.1');
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      timer = drip((text) => socket.write(text));
    });
    socket.on('data', (chunk) => {
      data += chunk.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, data });
    });
    // Never hang the test itself.
    setTimeout(() => socket.destroy(), 30_000).unref();
  });
}

describe('slow clients', () => {
  it('slowloris: headers trickled one byte at a time are cut off after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const { ms, data } = await holdOpen((write) => {
      write('GET /ping HTTP/1.1\r\nHost: x\r\n');
      return setInterval(() => write('X'), 200);
    });
    expect(ms).toBeLessThan(10_000);
    if (data) expect(data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a connection that never sends anything is closed too', async () => {
    const { ms } = await holdOpen(() => undefined);
    expect(ms).toBeLessThan(10_000);
  });

  it('a body trickled slower than HTTP_REQUEST_TIMEOUT_MS allows gets 408', async () => {
    const { ms, data } = await holdOpen((write) => {
      write(
        'POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      return setInterval(() => write(' '), 200);
    });
    expect(ms).toBeLessThan(15_000);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
  });
});
