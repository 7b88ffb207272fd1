import { createStore, type Store } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, uniqueId } from './support/events.js';
import { type Infrastructure, startInfrastructure } from './support/harness.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { spawnWorker, type WorkerProcess } from './support/worker-process.js';

const EVENTS = 500;

let infra: Infrastructure;
let receiver: Receiver;
let store: Store;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  infra = await startInfrastructure();
  // A few milliseconds per answer keeps deliveries in flight when the worker is killed.
  receiver = await startReceiver(() => ({ status: 200, delayMs: 3 }));
});
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) await worker.kill();
  await store?.close();
  await receiver.close();
  await infra.close();
});

describe('webhook worker crash', () => {
  it('after kill -9 mid-flight and a restart, every one of 500 events reaches the receiver', async () => {
    const dbName = uniqueId('crash_');
    store = await createStore({ url: infra.mongoUrl, dbName });
    const accountId = uniqueId('acc');
    const { webhook } = await store.webhooks.createOrGet({
      accountId,
      url: receiver.url,
      format: 'envelope',
      secret: 's',
    });
    const env = {
      REDIS_URL: infra.redis.url,
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: dbName,
      WEBHOOK_CONCURRENCY: '50',
      WEBHOOK_ENDPOINT_CONCURRENCY: '20',
    };

    const first = await spawnWorker(env);
    workers.push(first);
    const events = Array.from({ length: EVENTS }, () => messageEvent(accountId));
    const publishing = (async () => {
      for (let i = 0; i < events.length; i += 50) {
        await Promise.all(events.slice(i, i + 50).map((event) => infra.publish(event)));
      }
    })();
    await waitFor(() => receiver.requests.length >= 120, { what: 'deliveries under way', timeoutMs: 60_000 });
    await first.kill();
    const atKill = new Set(receiver.requests.map((request) => request.headers['x-wildcat-event-id'])).size;
    await publishing;
    expect(atKill).toBeLessThan(EVENTS);

    const restarted = Date.now();
    const second = await spawnWorker(env);
    workers.push(second);
    const uniqueIds = () =>
      new Set(receiver.requests.map((request) => request.headers['x-wildcat-event-id']));
    await waitFor(() => uniqueIds().size === EVENTS, {
      what: `${EVENTS} distinct events`,
      timeoutMs: 90_000,
    });
    const ids = uniqueIds();
    console.info(
      `crash: ${atKill} distinct events at kill -9, all ${EVENTS} ${Date.now() - restarted} ms after restart, ` +
        `${receiver.requests.length - EVENTS} duplicate requests`,
    );
    expect([...ids].sort()).toEqual(events.map((event) => event.id).sort());
    expect(receiver.requests.length).toBeGreaterThanOrEqual(EVENTS);

    await waitFor(
      async () => {
        // What GET /webhooks/:id/deliveries reads: every delivery of the one subscription.
        const deliveries = await store.deliveries.listByWebhook(webhook._id.toHexString(), {
          limit: EVENTS * 2,
          skip: 0,
        });
        return deliveries.filter((delivery) => delivery.status === 'delivered').length === EVENTS;
      },
      { what: 'every delivery recorded as delivered', timeoutMs: 30_000 },
    );
    await second.stop();
    expect((await second.exited).code).toBe(0);
  }, 200_000);
});
