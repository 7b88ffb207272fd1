import { redisTarget } from '@wildcat/redis-bus';
import type { Store } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../../config.js';
import { type AccountDirectory, createAccountDirectory } from '../../services/account-directory.js';
import { type AddBatcher, createAddBatcher } from '../../services/add-batcher.js';
import { type ControlService, createControlService } from '../../services/control-service.js';
import { createIdempotencyStore } from '../../services/idempotency.js';
import { createQueueRegistry, type QueueRegistry } from '../../services/queue-registry.js';
import { createResultWaiter, type ResultWaiter } from '../../services/result-waiter.js';
import { createSendEnqueuer } from '../../services/send-enqueuer.js';
import { createSendService, type SendService } from '../../services/send-service.js';

/** What main.ts (or a test) hands the app: configuration and connected clients it owns. */
export interface GatewayDeps {
  config: GatewayConfig;
  store: Store;
  /** A fail-fast ("request" role) client, see connectRedis. */
  redis: Redis;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: GatewayConfig;
    store: Store;
    redis: Redis;
    queues: QueueRegistry;
    batcher: AddBatcher;
    results: ResultWaiter;
    sends: SendService;
    control: ControlService;
    accountDirectory: AccountDirectory;
  }
}

/** Small factories, one per service, decorated onto the instance for the routes. */
export default fp(
  async function services(fastify: FastifyInstance, deps: GatewayDeps) {
    const { config, store, redis } = deps;
    const queues = await createQueueRegistry(redis, config.SHARDS, fastify.log);
    const results = await createResultWaiter(redisTarget(config), config.SHARDS, fastify.log);
    const batcher = createAddBatcher(queues);
    const accountDirectory = createAccountDirectory(store);
    const replicaWait = { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS };
    const sends = createSendService({
      shards: config.SHARDS,
      waitTimeoutMs: config.SEND_WAIT_TIMEOUT_MS,
      queues,
      enqueuer: createSendEnqueuer({
        redis,
        queues,
        backlogLimit: config.SEND_ACCOUNT_MAX_BACKLOG,
        ratePerMinute: (accountId) => accountDirectory.sendRate(accountId) ?? config.SEND_RATE_PER_MINUTE,
        replicaWait,
      }),
      results,
      idempotency: createIdempotencyStore(redis, replicaWait),
      store,
    });
    const control = createControlService({ shards: config.SHARDS, batcher, results });

    fastify.decorate('config', config);
    fastify.decorate('store', store);
    fastify.decorate('redis', redis);
    fastify.decorate('queues', queues);
    fastify.decorate('batcher', batcher);
    fastify.decorate('results', results);
    fastify.decorate('sends', sends);
    fastify.decorate('control', control);
    fastify.decorate('accountDirectory', accountDirectory);

    // The clients belong to main.ts (or the test); the gateway closes only what it opened.
    fastify.addHook('onClose', async () => {
      await results.close();
      await queues.close();
    });
  },
  { name: 'services' },
);
