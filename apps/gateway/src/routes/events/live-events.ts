import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { HttpError } from '../../errors/http-error.js';
import { scopedAccounts } from '../../services/account-scope.js';
import { EventHub } from '../../services/live-events/event-hub.js';
import type { LiveEntry } from '../../services/live-events/live-entry.js';
import { type LiveFilter, openLiveSubscription } from '../../services/live-events/live-subscription.js';
import { sseSchema, wsSchema } from './schema.js';

/** A client this far behind is dropped (it can resume with Last-Event-ID) instead of buffered. */
const MAX_BUFFERED_BYTES = 1_048_576;
const SSE_HEARTBEAT_MS = 15_000;
const WS_PING_MS = 30_000;
const UNAVAILABLE = 'Service unavailable: redis is unreachable';
/** WebSocket close code of a stream whose key was revoked (or whose account was deleted). */
const WS_REVOKED = 4401;

interface LiveQuery {
  accountId?: string[];
  types?: string[];
  lastEventId?: string;
}

function filterFor(request: FastifyRequest, query: LiveQuery): LiveFilter {
  const scope = scopedAccounts(request);
  if (scope && query.accountId?.some((id) => !scope.has(id))) throw new HttpError(403, 'Forbidden');
  return {
    scope,
    accountIds: query.accountId?.length ? new Set(query.accountId) : undefined,
    types: query.types?.length ? new Set(query.types) : undefined,
  };
}

const wsEvent = (entry: LiveEntry) => `{"kind":"event","streamId":"${entry.streamId}","event":${entry.json}}`;

/**
 * GET /events (Server-Sent Events) and GET /ws (WebSocket): live events of every account the key
 * may see, filtered by `accountId` and `types`, resumable with Last-Event-ID (or `lastEventId`)
 * within the stream's bounded window. Both sit behind the API key like every other route.
 */
export default async function liveEventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hub = new EventHub({ redisUrl: fastify.config.REDIS_URL, redis: fastify.redis, logger: fastify.log });
  const open = new Set<() => void>();
  fastify.addHook('preClose', async () => {
    for (const close of [...open]) close();
    hub.close();
  });

  app.get('/events', { schema: sseSchema, config: { access: 'self' } }, async (request, reply) => {
    const filter = filterFor(request, request.query);
    const lastEventId = request.query.lastEventId ?? request.headers['last-event-id'];
    const res = reply.raw;
    reply.hijack();

    let closed = false;
    let unsubscribe: (() => void) | undefined;
    const head = () => {
      if (res.headersSent) return;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
    };
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      open.delete(close);
      untrack();
      res.end();
    };
    const untrack = fastify.liveStreams.add(request.principal, close);
    const write = (text: string) => {
      if (closed) return;
      head();
      res.write(text);
      if (res.writableLength > MAX_BUFFERED_BYTES) close();
    };
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    open.add(close);
    // The response (not the request, which ends at once for a GET) closes when the client goes.
    res.on('close', close);

    try {
      unsubscribe = await openLiveSubscription({
        hub,
        redis: fastify.redis,
        filter,
        lastEventId,
        sink: {
          event: (entry) => write(`id: ${entry.streamId}\ndata: ${entry.json}\n\n`),
          gap: (oldest) => write(`event: gap\ndata: {"oldestStreamId":"${oldest}"}\n\n`),
        },
      });
    } catch (error) {
      request.log.warn({ err: error }, 'live events unavailable');
      if (!res.headersSent) {
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
        res.end(JSON.stringify({ ok: false, error: UNAVAILABLE }));
      }
      closed = true;
      clearInterval(heartbeat);
      open.delete(close);
      untrack();
      return;
    }
    if (closed) unsubscribe();
    // The comment tells a client (and the tests) that it is attached to the live feed.
    else write(': ready\n\n');
  });

  app.get(
    '/ws',
    {
      websocket: true,
      schema: wsSchema,
      config: { access: 'self' },
      // A plain GET (no upgrade) got @fastify/websocket's empty 404 (found by the fuzz suite).
      preHandler: async (request) => {
        if (request.headers.upgrade?.toLowerCase() !== 'websocket') {
          throw new HttpError(
            426,
            'Upgrade Required: connect with a WebSocket client',
            {},
            { upgrade: 'websocket' },
          );
        }
      },
    },
    (socket: WebSocket, request) => {
      const query = request.query as LiveQuery;
      let filter: LiveFilter;
      try {
        filter = filterFor(request, query);
      } catch {
        socket.close(1008, 'Forbidden');
        return;
      }
      let closed = false;
      let unsubscribe: (() => void) | undefined;
      const send = (text: string) => {
        if (closed || socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(1013, 'client too slow; reconnect with lastEventId');
          return;
        }
        socket.send(text);
      };
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        unsubscribe?.();
        open.delete(close);
        untrack();
        if (socket.readyState === socket.OPEN) socket.close(1001, 'server shutting down');
      };
      const untrack = fastify.liveStreams.add(request.principal, () => {
        if (socket.readyState === socket.OPEN) socket.close(WS_REVOKED, 'API key revoked');
        close();
      });
      const ping = setInterval(() => socket.ping(), WS_PING_MS);
      open.add(close);
      socket.on('close', close);
      socket.on('error', close);

      openLiveSubscription({
        hub,
        redis: fastify.redis,
        filter,
        lastEventId: query.lastEventId,
        sink: {
          event: (entry) => send(wsEvent(entry)),
          gap: (oldest) => send(`{"kind":"gap","oldestStreamId":"${oldest}"}`),
        },
      }).then(
        (stop) => {
          if (closed) stop();
          else {
            unsubscribe = stop;
            send('{"kind":"ready"}');
          }
        },
        (error: unknown) => {
          request.log.warn({ err: error }, 'live events unavailable');
          if (socket.readyState === socket.OPEN) socket.close(1011, UNAVAILABLE);
          close();
        },
      );
    },
  );
}
