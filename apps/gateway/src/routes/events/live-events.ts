import type { OutgoingHttpHeaders } from 'node:http';
import { redisTarget } from '@wildcat/redis-bus';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { HttpError } from '../../errors/http-error.js';
import { scopedAccounts } from '../../services/account-scope.js';
import { LiveFeed } from '../../services/live-events/live-feed.js';
import type { LiveFilter } from '../../services/live-events/live-subscription.js';
import { streamSse } from '../../services/live-events/sse-stream.js';
import { StreamSlots } from '../../services/live-events/stream-slots.js';
import { streamWebSocket } from '../../services/live-events/ws-stream.js';
import { sseSchema, wsSchema } from './schema.js';

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

/** A plain GET (no upgrade) got @fastify/websocket's empty 404 (found by the fuzz suite). */
async function requireUpgrade(request: FastifyRequest) {
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') {
    throw new HttpError(
      426,
      'Upgrade Required: connect with a WebSocket client',
      {},
      { upgrade: 'websocket' },
    );
  }
}

/**
 * Takes one of the key's and the address's live-stream slots, given back when the connection
 * closes; 429 when either is full. Before the upgrade, so a WebSocket client gets the 429 too.
 */
function streamSlotHook(slots: StreamSlots) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = request.principal;
    const keyId = principal && principal.kind !== 'anonymous' ? principal.keyId : undefined;
    const slot = slots.acquire(keyId, request.ip);
    if (typeof slot !== 'function') {
      const who = slot.by === 'key' ? 'this API key' : 'this client address';
      const variable = slot.by === 'key' ? 'LIVE_STREAMS_PER_KEY' : 'LIVE_STREAMS_PER_IP';
      throw new HttpError(
        429,
        `Too many live streams: ${who} already holds ${slot.limit} open on this gateway (${variable}); close one (or reuse one stream for several accounts) and retry`,
        {},
        { 'retry-after': '5' },
      );
    }
    // The response closes with an SSE stream; a WebSocket outlives it, on the same socket.
    const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    (upgrade ? request.raw.socket : reply.raw).once('close', slot);
  };
}

/**
 * GET /events (Server-Sent Events) and GET /ws (WebSocket): live events of every account the key
 * may see, filtered by `accountId` and `types`, resumable with Last-Event-ID (or `lastEventId`)
 * within the stream's bounded window. Both sit behind the API key like every other route.
 */
export default async function liveEventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config } = fastify;
  const feed = new LiveFeed(fastify.redis, redisTarget(config), fastify.log, config.LIVE_REPLAY_MAX);
  const holdSlot = streamSlotHook(new StreamSlots(config.LIVE_STREAMS_PER_KEY, config.LIVE_STREAMS_PER_IP));
  fastify.addHook('preClose', async () => feed.close());

  app.get(
    '/events',
    { schema: sseSchema, config: { access: 'self' }, preHandler: holdSlot },
    async (request, reply) => {
      const filter = filterFor(request, request.query);
      const lastEventId = request.query.lastEventId ?? request.headers['last-event-id'];
      reply.hijack();
      await streamSse(feed, reply.raw, reply.getHeaders() as OutgoingHttpHeaders, {
        filter,
        lastEventId,
        logger: request.log,
        onRevoked: (end) => fastify.liveStreams.add(request.principal, end),
      });
    },
  );

  app.get(
    '/ws',
    { websocket: true, schema: wsSchema, config: { access: 'self' }, preHandler: [requireUpgrade, holdSlot] },
    (socket: WebSocket, request) => {
      const query = request.query as LiveQuery;
      let filter: LiveFilter;
      try {
        filter = filterFor(request, query);
      } catch {
        // filterFor's only failure is a key asking for accounts outside its scope.
        socket.close(1008, 'Forbidden');
        return;
      }
      streamWebSocket(feed, socket, {
        filter,
        lastEventId: query.lastEventId,
        logger: request.log,
        onRevoked: (end) => fastify.liveStreams.add(request.principal, end),
      });
    },
  );
}
