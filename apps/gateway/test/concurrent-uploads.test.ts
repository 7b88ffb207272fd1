import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useChildGateway } from './helpers/child-gateway.js';

const MB = 1024 * 1024;
const BOUNDARY = '----wildcatconcurrent';
const gateway = useChildGateway('bulk');

/** A chunked (no Content-Length) 60 MB multipart upload over a real socket, generated as it goes. */
function upload(bytes: number): Promise<{ status: number; body: string }> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="to"\r\n\r\n919876543210@s.whatsapp.net\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="document"; filename="big.bin"\r\n\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    const req = request(`${gateway.base}/accounts/bulk/message/send/document?wait=false`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (part: Buffer) => {
        body += part.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !answered) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end(`\r\n--${BOUNDARY}--\r\n`);
    };
    req.write(head);
    pump();
  });
}

describe('concurrent oversized uploads', () => {
  it('10 concurrent 60 MB uploads are each refused with 413 while gateway RSS grows by < 100 MB', async () => {
    await upload(5 * MB); // warm: code loaded, heap at working size
    const baseline = gateway.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, gateway.rss());
    }, 20);
    const results = await Promise.all(Array.from({ length: 10 }, () => upload(60 * MB))).finally(() =>
      clearInterval(sampler),
    );
    peak = Math.max(peak, gateway.rss());
    for (const result of results) {
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toEqual({ ok: false, error: 'File is too large' });
    }
    console.log(
      `10 × 60 MB concurrent uploads: gateway RSS ${Math.round(baseline / MB)} MB → peak ${Math.round(peak / MB)} MB (+${((peak - baseline) / MB).toFixed(1)} MB)`,
    );
    expect(peak - baseline).toBeLessThan(100 * MB);
  }, 240_000);
});
