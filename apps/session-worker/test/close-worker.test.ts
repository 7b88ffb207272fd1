import { setTimeout as sleep } from 'node:timers/promises';
import { type PrivateRedis, startRedis } from '@wildcat/testkit';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeWorker } from '../src/shards/close-worker.js';

let server: PrivateRedis;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(() => server?.destroy());

// A shard runtime closes its workers at any moment of their start (a lease lost right after it
// was taken). Closing them mid-initialization used to leave an unhandled rejection behind.
it('closes workers at any point of their start without an unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    for (let i = 0; i < 120; i++) {
      const worker = new Worker(`close-race-${i}`, async () => undefined, {
        connection: { host: '127.0.0.1', port: server.port, maxRetriesPerRequest: null },
      });
      worker.on('error', () => undefined);
      await sleep(Math.random() * 8);
      await closeWorker(worker, i % 2 === 0);
    }
    await sleep(500);
  } finally {
    process.off('unhandledRejection', record);
  }
  expect(unhandled).toEqual([]);
});
