import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { MediaStore } from './media-store.js';
import type { TestTlsCert } from './tls-cert.js';

/** The local stand-in for WhatsApp's media CDN (mmg.whatsapp.net), HTTPS on loopback. */
export interface MediaServer {
  /** `127.0.0.1:port`, the hostname handed out in `media_conn`. */
  host: string;
  close(): Promise<void>;
}

/**
 * Serves `POST /mms/<type>/<encSha256>?auth=…` uploads (stores the encrypted blob under a new
 * direct path and answers `{url, direct_path}` like the CDN) and `GET <direct path>` downloads.
 * Uploads with a wrong `auth` token get 401, so a stale media_conn shows up in tests.
 */
export async function startMediaServer(store: MediaStore, tls: TestTlsCert): Promise<MediaServer> {
  let host = '';
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', `https://${host}`);
    if (req.method === 'POST' && url.pathname.startsWith('/mms/')) {
      if (url.searchParams.get('auth') !== store.auth) {
        res.writeHead(401).end(JSON.stringify({ error: 'bad auth' }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const directPath = `/v/t62.7118-24/${randomBytes(12).toString('hex')}.enc`;
        store.put(directPath, Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: `https://${host}${directPath}`, direct_path: directPath }));
      });
      return;
    }
    const blob = req.method === 'GET' ? store.get(url.pathname) : undefined;
    if (!blob) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length });
    res.end(blob);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
