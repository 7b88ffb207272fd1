import { readWorkers } from '@wildcat/redis-bus';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fleetRows } from '../../services/fleet-page.js';
import { fleetSummaryReader } from '../../services/fleet-summary.js';
import { liveStatuses } from '../../services/live-status.js';
import { fleetAccountsSchema, fleetSummarySchema, fleetWorkersSchema } from './schema.js';

/** A worker whose heartbeat is older than this is shown as dead (its shards are moving). */
const WORKER_ALIVE_MS = 15_000;

/**
 * GET /fleet/summary, /fleet/workers, /fleet/accounts: the console's fleet pages. Admin keys only
 * (no `:accountId`, so scoped keys are refused by default).
 */
export default async function fleetRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, redis, queues, config } = fastify;

  // One read per FLEET_SUMMARY_CACHE_MS for every console polling this gateway.
  const summary = fleetSummaryReader({ store, redis, queues: () => queues.all() });
  app.get('/fleet/summary', { schema: fleetSummarySchema }, () => summary());

  app.get('/fleet/workers', { schema: fleetWorkersSchema }, async () => {
    const now = Date.now();
    const registered = await readWorkers(redis);
    const workers = registered
      .map((worker) => {
        const heartbeatAgeMs = Math.max(0, Math.round(now - worker.lastHeartbeat));
        const alive = heartbeatAgeMs < WORKER_ALIVE_MS;
        return {
          workerId: worker.workerId,
          heartbeatAgeMs,
          alive,
          shards: alive ? (worker.info?.shards ?? []) : [],
          accounts: alive ? (worker.info?.accounts ?? 0) : 0,
          ...(worker.info
            ? { rssBytes: worker.info.rssBytes, heapUsedBytes: worker.info.heapUsedBytes }
            : {}),
        };
      })
      .sort((a, b) => a.workerId.localeCompare(b.workerId));
    const owned = new Set(workers.flatMap((worker) => worker.shards));
    const unowned = Array.from({ length: config.SHARDS }, (_, shard) => shard).filter(
      (shard) => !owned.has(shard),
    );
    return { ok: true as const, shards: config.SHARDS, workers, unowned };
  });

  // Repairs go through the same batched, fenced writer the session workers use.
  const mirror = store.accounts.liveStatusMirror((error) =>
    fastify.log.warn({ err: error }, 'live status repair failed'),
  );

  app.get('/fleet/accounts', { schema: fleetAccountsSchema }, async (request) => {
    const { q, status, sort } = request.query;
    const limit = request.query.limit ?? 50;
    const offset = request.query.offset ?? 0;
    // Search, status filter, sort and page all happen in MongoDB on indexes (the status is the
    // bucket the workers mirror into the store); only the page's live statuses are read.
    const { docs, total } = await store.accountSearch.page({ q, sort, status }, { limit, skip: offset });
    const live = await liveStatuses(
      redis,
      docs.map((doc) => doc._id),
    );
    return { ok: true as const, total, limit, offset, accounts: await fleetRows(docs, live, mirror) };
  });
}
