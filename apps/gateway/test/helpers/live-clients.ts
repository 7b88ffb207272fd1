import { request } from 'node:http';
import { waitFor } from '@wildcat/testkit';
import WebSocket from 'ws';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseClient {
  status: number;
  body: string;
  messages: SseMessage[];
  comments: string[];
  /** The server ended the response. */
  ended: boolean;
  /** Resolves when the server says the client is attached to the live feed. */
  ready(): Promise<void>;
  close(): void;
}

/** A minimal Server-Sent Events client over node:http, keeping every message it parsed. */
export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const client: SseClient = {
        status: res.statusCode ?? 0,
        body: '',
        messages: [],
        comments: [],
        ended: false,
        ready: () =>
          waitFor(() => client.comments.includes('ready'), { what: 'SSE ready' }).then(() => undefined),
        close: () => req.destroy(),
      };
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        client.body += chunk;
        pending += chunk;
        let end = pending.indexOf('\n\n');
        while (end !== -1) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const message: SseMessage = { data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              message.data += line.slice(6);
              hasData = true;
            }
          }
          if (hasData) client.messages.push(message);
          end = pending.indexOf('\n\n');
        }
      });
      res.on('error', () => {});
      res.on('end', () => {
        client.ended = true;
      });
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface WsClient {
  socket: WebSocket;
  frames: Array<Record<string, unknown>>;
  ready(): Promise<void>;
  close(): void;
}

export function connectWs(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: Array<Record<string, unknown>> = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    socket.once('open', () =>
      resolve({
        socket,
        frames,
        ready: () =>
          waitFor(() => frames.some((frame) => frame.kind === 'ready'), { what: 'WebSocket ready' }).then(
            () => undefined,
          ),
        close: () => socket.close(),
      }),
    );
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
  });
}
