import { startDevdb } from '@wildcat/devdb';
import { EVENTS_QUEUE, queuePrefix, WEBHOOK_DELIVERIES_QUEUE, type WildcatEvent } from '@wildcat/jobs';
import { connectRedis, publishEvent, redisOptions } from '@wildcat/redis-bus';
import type { NewWebhook, WebhookDoc } from '@wildcat/store';
import { lateBound, type PrivateRedis, startRedis } from '@wildcat/testkit';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadWorkerSettings, type WorkerSettings } from '../../src/settings.js';
import { startWebhookRuntime, type WebhookRuntime } from '../../src/webhook-runtime.js';
import { uniqueId } from './events.js';
import { type Receiver, startReceiver } from './receiver.js';

/** Fast settings for tests: retries in tens of milliseconds, short timeouts and locks. */
export const TEST_ENV: Record<string, string> = {
  LOG_LEVEL: 'silent',
  HEALTH_PORT: '0',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_BACKOFF_BASE_MS: '50',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_LOCK_MS: '2000',
  WEBHOOK_MAX_ATTEMPTS: '5',
};

export interface Infrastructure {
  redis: PrivateRedis;
  mongoUrl: string;
  publisher: Redis;
  events: Queue;
  deliveries: Queue;
  publish(event: WildcatEvent): Promise<void>;
  /** A webhook runtime on a fresh database, with TEST_ENV plus overrides. */
  startRuntime(overrides?: Record<string, string>): Promise<Runtime>;
  close(): Promise<void>;
}

export interface Runtime extends WebhookRuntime {
  settings: WorkerSettings;
  subscribe(input: Partial<NewWebhook> & { url: string }): Promise<WebhookDoc>;
}

/** One private redis-server and one devdb per test file. */
export async function startInfrastructure(): Promise<Infrastructure> {
  const redis = await startRedis();
  const devdb = await startDevdb({ quiet: true });
  const publisher = await connectRedis(redis.url, 'request');
  const connection = redisOptions(redis.url, 'blocking');
  const events = new Queue(EVENTS_QUEUE, { prefix: queuePrefix(EVENTS_QUEUE), connection });
  const deliveries = new Queue(WEBHOOK_DELIVERIES_QUEUE, {
    prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
    connection,
  });
  const runtimes: WebhookRuntime[] = [];

  return {
    redis,
    mongoUrl: devdb.url,
    publisher,
    events,
    deliveries,
    publish: (event) => publishEvent(publisher, events, event),
    async startRuntime(overrides = {}) {
      const settings = loadWorkerSettings({
        ...TEST_ENV,
        REDIS_URL: redis.url,
        MONGODB_URL: devdb.url,
        MONGODB_DB: uniqueId('wh_'),
        ...overrides,
      });
      const runtime = await startWebhookRuntime(settings, pino({ level: 'silent' }));
      runtimes.push(runtime);
      return {
        ...runtime,
        settings,
        async subscribe(input) {
          const { webhook } = await runtime.store.webhooks.createOrGet({
            accountId: null,
            format: 'envelope',
            ...input,
          });
          return webhook;
        },
      };
    },
    async close() {
      await Promise.all(runtimes.map((runtime) => runtime.close().catch(() => undefined)));
      await Promise.all([events.close(), deliveries.close()]);
      publisher.disconnect();
      await devdb.close();
      await redis.destroy();
    },
  };
}

export interface DeliveryHarness {
  /** The file's infrastructure, started before its tests and closed after. */
  infra: Infrastructure;
  /** A receiver that is closed after the test. */
  extraReceiver(responder?: Parameters<typeof startReceiver>[0]): Promise<Receiver>;
  /** A receiver and a runtime (TEST_ENV plus `env`), both closed after the test. */
  setup(
    responder?: Parameters<typeof startReceiver>[0],
    env?: Record<string, string>,
  ): Promise<{ receiver: Receiver; runtime: Runtime }>;
}

/** Registers the infrastructure of a delivery test file and a fresh runtime per test. */
export function useDeliveryHarness(): DeliveryHarness {
  let infra: Infrastructure | undefined;
  let runtime: Runtime | undefined;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    infra = await startInfrastructure();
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(async () => {
    await infra?.close();
  });
  const harness: DeliveryHarness = {
    infra: lateBound(() => infra),
    async extraReceiver(responder) {
      const receiver = await startReceiver(responder);
      receivers.push(receiver);
      return receiver;
    },
    async setup(responder, env) {
      const receiver = await harness.extraReceiver(responder);
      runtime = await harness.infra.startRuntime(env);
      return { receiver, runtime };
    },
  };
  return harness;
}
