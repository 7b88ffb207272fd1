import {
  fleetStatusOf,
  readStatus,
  type StatusWrite,
  WORKER_REGISTRY_KEY,
  writeStatus,
  writeWorkerInfo,
} from '@wildcat/redis-bus';
import type { LiveStatusMirror } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SHARDS, type TestApp } from './helpers/build-test-app.js';

const ACCOUNTS = 10_000;
let t: TestApp;
let mirror: LiveStatusMirror;

const id = (index: number) => `acct-${String(index).padStart(5, '0')}`;

/** Every 5th account in each bucket; indexes ending in 4 or 9 have no status (never started). */
function bucketOf(index: number) {
  return ['connected', 'connecting', 'needs_qr', 'logged_out', 'not_started'][index % 5] as string;
}

async function inChunks(count: number, size: number, run: (index: number) => Promise<unknown>) {
  for (let start = 0; start < count; start += size) {
    const batch: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(count, start + size); index++) batch.push(run(index));
    await Promise.all(batch);
  }
}

/** What a session worker does on each change: the status in Redis, its bucket into the store. */
async function workerWrites(accountId: string, write: StatusWrite) {
  await writeStatus(t.redis, accountId, write);
  const record = await readStatus(t.redis, accountId);
  if (record)
    await mirror.write(accountId, {
      status: fleetStatusOf(record),
      epoch: record.epoch,
      at: record.lastUpdate,
    });
}

beforeAll(async () => {
  t = await buildTestApp();
  mirror = t.store.accounts.liveStatusMirror();
  await inChunks(ACCOUNTS, 500, (index) => t.store.accounts.create({ id: id(index), name: `Shop ${index}` }));
  await t.store.accounts.setIdentity(id(7), { jid: '919876543210@s.whatsapp.net' });
  await inChunks(ACCOUNTS, 1_000, async (index) => {
    const bucket = bucketOf(index);
    if (bucket === 'not_started') return;
    if (bucket === 'needs_qr') return workerWrites(id(index), { status: 'connecting', epoch: 1, qr: '2@qr' });
    return workerWrites(id(index), { status: bucket as 'connected', epoch: 1 });
  });
  // One account reconnecting for 10 minutes (an alert), one for a moment (not one).
  await workerWrites(id(9999), {
    status: 'reconnecting',
    epoch: 1,
    lastUpdate: Date.now() - 600_000,
  });
  await workerWrites(id(9994), { status: 'reconnecting', epoch: 1 });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const get = async (url: string) => {
  const started = performance.now();
  const response = await t.app.inject({ method: 'GET', url });
  return { response, ms: performance.now() - started, body: response.json() };
};

describe('GET /fleet/summary', () => {
  it('counts all 10,000 accounts by live status and lists the ones needing action', async () => {
    const { response, body, ms } = await get('/fleet/summary');
    expect(response.statusCode).toBe(200);
    expect(body.accounts).toEqual({
      total: 10_000,
      counts: {
        connected: 2_000,
        connecting: 2_000,
        needs_qr: 2_000,
        logged_out: 2_000,
        not_started: 1_998,
        reconnecting: 2,
      },
    });
    expect(body.alerts.stuckReconnecting).toEqual([id(9999)]);
    expect(body.alerts.loggedOut).toHaveLength(50);
    expect(body.alerts.loggedOut[0]).toBe(id(3));
    const families = body.queues.map((queue: { family: string }) => queue.family);
    expect(families).toEqual(expect.arrayContaining(['send', 'control']));
    const send = body.queues.find((queue: { family: string }) => queue.family === 'send');
    expect(send).toMatchObject({ queues: TEST_SHARDS, waiting: 0, oldestWaitingSeconds: 0 });
    const again = await get('/fleet/summary');
    console.log(
      `fleet summary over 10,000 accounts: first ${ms.toFixed(0)} ms, then ${again.ms.toFixed(0)} ms`,
    );
    // A sanity bound for a loaded 2-core CI box; the measured times are printed above.
    expect(again.ms).toBeLessThan(5_000);
  });
});

describe('GET /fleet/accounts', () => {
  it('pages the fleet in id order with the total, a page at a time', async () => {
    const first = await get('/fleet/accounts?sort=id&limit=25');
    expect(first.response.statusCode).toBe(200);
    expect(first.body).toMatchObject({ ok: true, total: 10_000, limit: 25, offset: 0 });
    expect(first.body.accounts.map((account: { _id: string }) => account._id)).toEqual(
      Array.from({ length: 25 }, (_, index) => id(index)),
    );
    expect(first.body.accounts[2]).toMatchObject({
      fleetStatus: 'needs_qr',
      status: 'connecting',
      hasQR: true,
    });
    const last = await get('/fleet/accounts?sort=-id&limit=3&offset=1');
    expect(last.body.accounts.map((account: { _id: string }) => account._id)).toEqual([
      id(9998),
      id(9997),
      id(9996),
    ]);
  });

  it('answers a page of 50 out of 10,000 quickly', async () => {
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      const { response, ms } = await get(`/fleet/accounts?sort=name&limit=50&offset=${round * 400}`);
      expect(response.statusCode).toBe(200);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(
      `accounts page at 10,000: median ${times[10]?.toFixed(1)} ms, max ${times[19]?.toFixed(1)} ms`,
    );
    expect(times[10]).toBeLessThan(500);
  });

  it('searches by id prefix, name prefix and phone number', async () => {
    const byId = await get('/fleet/accounts?q=acct-0012&sort=id');
    expect(byId.body.total).toBe(10);
    expect(byId.body.accounts[0]._id).toBe(id(120));
    const byName = await get(`/fleet/accounts?q=${encodeURIComponent('Shop 999')}&sort=id`);
    expect(byName.body.accounts.map((account: { name: string }) => account.name)).toEqual([
      'Shop 999',
      'Shop 9990',
      'Shop 9991',
      'Shop 9992',
      'Shop 9993',
      'Shop 9994',
      'Shop 9995',
      'Shop 9996',
      'Shop 9997',
      'Shop 9998',
      'Shop 9999',
    ]);
    const byNumber = await get(`/fleet/accounts?q=${encodeURIComponent('+9198765')}`);
    expect(byNumber.body.accounts.map((account: { _id: string }) => account._id)).toEqual([id(7)]);
    const regexChars = await get(`/fleet/accounts?q=${encodeURIComponent('.*')}`);
    expect(regexChars.body.total).toBe(0);
  });

  it('filters by live status with a correct total and paging', async () => {
    const page = await get('/fleet/accounts?status=needs_qr&sort=id&limit=10&offset=10');
    expect(page.body.total).toBe(2_000);
    expect(page.body.accounts.map((account: { _id: string }) => account._id)).toEqual(
      Array.from({ length: 10 }, (_, index) => id((10 + index) * 5 + 2)),
    );
    const stuck = await get('/fleet/accounts?status=reconnecting&q=acct-0999');
    expect(stuck.body.total).toBe(2);
    const notStarted = await get('/fleet/accounts?status=not_started');
    expect(notStarted.body.total).toBe(1_998);
  });

  it('filters 10,000 accounts by status quickly (an index, not 10,000 statuses from Redis)', async () => {
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      const { response, body, ms } = await get(
        `/fleet/accounts?status=connected&sort=name&offset=${round * 90}`,
      );
      expect(response.statusCode).toBe(200);
      expect(body.total).toBe(2_000);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(
      `status-filtered page at 10,000: median ${times[10]?.toFixed(1)} ms, max ${times[19]?.toFixed(1)} ms`,
    );
    expect(times[10]).toBeLessThan(500);
  });

  it('heals a status the store missed once a page shows the account (read repair)', async () => {
    // A status written to Redis whose mirror write was lost (a worker killed between the two).
    await writeStatus(t.redis, id(4), { status: 'logged_out', epoch: 2 });
    const before = await get(`/fleet/accounts?status=logged_out&q=${id(4)}`);
    expect(before.body.total).toBe(0);
    const shown = await get(`/fleet/accounts?q=${id(4)}`);
    expect(shown.body.accounts[0]).toMatchObject({ _id: id(4), fleetStatus: 'logged_out' });
    await waitFor(async () => (await get(`/fleet/accounts?status=logged_out&q=${id(4)}`)).body.total === 1, {
      what: 'the repaired status filtered',
    });
  });

  it('refuses bad paging, sort and status with a message saying what to fix', async () => {
    for (const [query, message] of [
      ['limit=0', 'limit must be an integer of at least 1'],
      ['limit=500', 'limit must be an integer from 1 to 200'],
      ['offset=-1', 'offset must be an integer'],
      ['sort=size', 'sort must be one of'],
      ['status=happy', 'status must be one of'],
    ] as const) {
      const { response, body } = await get(`/fleet/accounts?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(body.ok).toBe(false);
      expect(body.error).toContain(message);
    }
  });
});

describe('GET /fleet/workers', () => {
  it('shows each live worker with its shards, accounts and memory, and the shards nobody holds', async () => {
    const now = Date.now();
    await t.redis.zadd(WORKER_REGISTRY_KEY, now, 'worker-a', now - 60_000, 'worker-dead');
    await writeWorkerInfo(
      t.redis,
      {
        workerId: 'worker-a',
        shards: [0, 2],
        accounts: 12,
        rssBytes: 1e8,
        heapUsedBytes: 5e7,
        updatedAt: now,
      },
      5_000,
    );
    const { response, body } = await get('/fleet/workers');
    expect(response.statusCode).toBe(200);
    expect(body.shards).toBe(TEST_SHARDS);
    expect(body.workers).toEqual([
      {
        workerId: 'worker-a',
        heartbeatAgeMs: expect.any(Number),
        alive: true,
        shards: [0, 2],
        accounts: 12,
        rssBytes: 1e8,
        heapUsedBytes: 5e7,
      },
      { workerId: 'worker-dead', heartbeatAgeMs: expect.any(Number), alive: false, shards: [], accounts: 0 },
    ]);
    expect(body.workers[1].heartbeatAgeMs).toBeGreaterThanOrEqual(60_000);
    expect(body.unowned).toEqual([1, 3]);
  });
});
