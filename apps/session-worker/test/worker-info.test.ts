import { readStatus, readWorkers } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker | undefined;

beforeAll(async () => {
  env = await startEnvironment(4);
  worker = await startInProcessWorker(env, 'info-1');
  await waitFor(() => worker?.worker.ownership.owned().length === 4, { what: 'all shards owned' });
});

afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

it('publishes its shards, the accounts it holds and its memory beside its heartbeat (console workers page)', async () => {
  await env.store.accounts.create({ id: 'zed' });
  await env.waitResult(await env.control({ accountId: 'zed', action: 'connect' }));
  await waitFor(async () => (await readStatus(env.redis, 'zed'))?.qr, { what: 'zed QR' });
  const published = await waitFor(
    async () => {
      const [entry] = await readWorkers(env.redis);
      return entry?.info && entry.info.accounts === 1 ? entry : undefined;
    },
    { what: 'worker info with one account' },
  );
  expect(published.workerId).toBe('info-1');
  expect(Date.now() - published.lastHeartbeat).toBeLessThan(5_000);
  expect(published.info).toMatchObject({ workerId: 'info-1', shards: [0, 1, 2, 3], accounts: 1 });
  expect(published.info?.rssBytes).toBeGreaterThan(10_000_000);
  expect(published.info?.heapUsedBytes).toBeGreaterThan(1_000_000);

  await worker?.stop();
  worker = undefined;
  // A stopped worker leaves the registry at once: the console no longer shows its shards.
  expect(await readWorkers(env.redis)).toEqual([]);
});
