import { request } from 'node:http';
import { EVENTS_QUEUE, queuePrefix, type WildcatEvent } from '@wildcat/jobs';
import { publishEvent, redisOptions } from '@wildcat/redis-bus';
import { lateBound, waitFor } from '@wildcat/testkit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { buildTestApp, type TestApp } from './build-test-app.js';

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

export interface LiveGateway {
  /** The app (its own services: `t.services`). */
  t: TestApp;
  /** Where it listens, `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** Publishes an event as a session worker does: stream entry and webhook job. */
  publish(event: WildcatEvent): Promise<unknown>;
}

/**
 * Registers, for the test file, a gateway listening on a free port with its own services and a
 * producer on the events queue (started before the tests, closed after).
 */
export function useLiveGateway(env?: Record<string, string>): LiveGateway {
  let started: { t: TestApp; base: string; events: Queue } | undefined;
  beforeAll(async () => {
    const t = await buildTestApp({ env });
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const events = new Queue(EVENTS_QUEUE, {
      prefix: queuePrefix(EVENTS_QUEUE),
      connection: redisOptions(t.config.REDIS_URL, 'blocking'),
    });
    started = { t, base, events };
  });
  afterAll(async () => {
    await started?.events.close();
    await started?.t.close();
  });
  const current = () => {
    if (!started) throw new Error('started in beforeAll: use it inside a test');
    return started;
  };
  return {
    t: lateBound(() => started?.t),
    get base() {
      return current().base;
    },
    publish: (event) => publishEvent(current().t.redis, current().events, event),
  };
}
