import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoredKeyResolver } from '../src/services/auth/stored-keys.js';
import {
  buildTestApp,
  startTestServices,
  type TestApp,
  type TestServices,
} from './helpers/build-test-app.js';
import { connectSse, connectWs } from './helpers/live-clients.js';

const ADMIN = 'admin-key-revocation';
let services: TestServices;
let gateways: TestApp[];
let bases: string[];

// Two gateway replicas on one Redis and MongoDB; key answers cached for a minute, so only the
// revocation message can make the second gateway forget a key within the test's second.
beforeAll(async () => {
  services = await startTestServices();
  const env = { API_KEYS: ADMIN, API_KEY_CACHE_MS: '60000' };
  gateways = await Promise.all([buildTestApp({ services, env }), buildTestApp({ services, env })]);
  bases = await Promise.all(gateways.map((g) => g.app.listen({ host: '127.0.0.1', port: 0 })));
});
afterAll(async () => {
  for (const gateway of gateways ?? []) await gateway.close();
  await services?.close();
});

const admin = { 'x-api-key': ADMIN };

async function scopedKey(accountId: string): Promise<{ key: string; id: string }> {
  const created = await gateways[0]!.app.inject({
    method: 'POST',
    url: '/admin/keys',
    headers: admin,
    payload: { name: `key of ${accountId}`, accountId },
  });
  expect(created.statusCode).toBe(201);
  return { key: created.json().key, id: created.json().apiKey.id };
}

const status = async (gateway: number, url: string, key: string) =>
  (await gateways[gateway]!.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } })).statusCode;

describe('revocation reaches every gateway', () => {
  it('ends the revoked key’s SSE and WebSocket streams on every gateway within a second and refuses it', async () => {
    await gateways[0]!.store.accounts.create({ id: 'rev-a' });
    const { key, id } = await scopedKey('rev-a');
    const headers = { 'x-api-key': key };
    // Every gateway has the key cached, and a stream of it open.
    expect(await status(1, '/accounts/rev-a', key)).toBe(200);
    expect(await status(0, '/accounts/rev-a', key)).toBe(200);
    const sse = await Promise.all(bases.map((base) => connectSse(`${base}/events?accountId=rev-a`, headers)));
    const ws = await Promise.all(bases.map((base) => connectWs(`${base.replace('http', 'ws')}/ws`, headers)));
    await Promise.all([...sse, ...ws].map((client) => client.ready()));
    const closeCodes: number[] = [];
    for (const client of ws) client.socket.on('close', (code) => closeCodes.push(code));
    // An admin's stream is not the revoked key's.
    const adminStream = await connectSse(`${bases[1]}/events`, admin);
    await adminStream.ready();

    const revoked = await gateways[0]!.app.inject({
      method: 'DELETE',
      url: `/admin/keys/${id}`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(200);
    const started = Date.now();
    await waitFor(() => sse.every((client) => client.ended) && closeCodes.length === 2, {
      what: 'every stream of the revoked key ended',
      timeoutMs: 1_000,
      intervalMs: 10,
    });
    expect(closeCodes).toEqual([4401, 4401]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(adminStream.ended).toBe(false);
    expect(await status(1, '/accounts/rev-a', key)).toBe(401);
    expect(await status(0, '/accounts/rev-a', key)).toBe(401);
    adminStream.close();
  });

  it('forgets the keys of a deleted account on every gateway, also against a re-created account', async () => {
    await gateways[0]!.store.accounts.create({ id: 'rev-b' });
    const { key } = await scopedKey('rev-b');
    expect(await status(1, '/accounts/rev-b', key)).toBe(200);
    const stream = await connectSse(`${bases[1]}/events`, { 'x-api-key': key });
    const socket = await connectWs(`${bases[0]!.replace('http', 'ws')}/ws`, { 'x-api-key': key });
    await Promise.all([stream.ready(), socket.ready()]);
    const closed = new Promise<number>((resolve) => socket.socket.on('close', (code) => resolve(code)));

    const deleted = await gateways[0]!.app.inject({
      method: 'DELETE',
      url: '/accounts/rev-b',
      headers: admin,
    });
    expect(deleted.statusCode).toBe(200);
    await waitFor(() => stream.ended, { what: 'the deleted account’s stream ended', timeoutMs: 1_000 });
    expect(await closed).toBe(4401);
    await gateways[0]!.store.accounts.create({ id: 'rev-b' });
    expect(await status(1, '/accounts/rev-b', key)).toBe(401);
    expect(await status(0, '/accounts/rev-b', key)).toBe(401);
  });

  it('ends a removed key’s streams on a gateway that missed the message, within its key-cache time', async () => {
    const missed = await buildTestApp({ services, env: { API_KEYS: ADMIN, API_KEY_CACHE_MS: '1000' } });
    try {
      const base = await missed.app.listen({ host: '127.0.0.1', port: 0 });
      await missed.store.accounts.create({ id: 'rev-c' });
      const { key, id } = await scopedKey('rev-c');
      const stream = await connectSse(`${base}/events`, { 'x-api-key': key });
      await stream.ready();
      // Gone from MongoDB with no message on the channel.
      expect(await missed.store.apiKeys.remove(id)).toBe(true);
      await waitFor(() => stream.ended, { what: 'the stream ended by the sweep', timeoutMs: 3_000 });
    } finally {
      await missed.close();
    }
  });

  it('ends the console’s Bull Board session of a revoked admin key on every gateway', async () => {
    const created = await gateways[0]!.app.inject({
      method: 'POST',
      url: '/admin/keys',
      headers: admin,
      payload: { name: 'second admin' },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    const session = await gateways[0]!.app.inject({
      method: 'POST',
      url: '/console/session',
      headers: { 'x-api-key': key },
    });
    expect(session.statusCode).toBe(200);
    const cookie =
      /^(wildcat_console=[^;]*)/.exec(String([session.headers['set-cookie']].flat()[0]))?.[1] ?? '';
    const bullBoard = (gateway: number) =>
      gateways[gateway]!.app.inject({ method: 'GET', url: '/admin/queues', headers: { cookie } });
    expect((await bullBoard(1)).statusCode).toBe(200);

    const revoked = await gateways[0]!.app.inject({
      method: 'DELETE',
      url: `/admin/keys/${apiKey.id}`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(200);
    // Before: the session (8 h TTL) kept Bull Board open to the revoked key on every gateway.
    expect((await bullBoard(1)).statusCode).toBe(401);
    expect((await bullBoard(0)).statusCode).toBe(401);
  });

  it('does not cache a key whose lookup was in flight when the key was revoked', async () => {
    const store = gateways[0]!.store;
    await store.accounts.create({ id: 'rev-d' });
    const { key, id } = await scopedKey('rev-d');
    // The real repository, with the lookup held until the revocation has been applied.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = {
      ...store.apiKeys,
      findByHash: async (hash: string) => {
        const doc = await store.apiKeys.findByHash(hash);
        await held;
        return doc;
      },
    };
    const resolver = createStoredKeyResolver(slow, 60_000);
    const inFlight = resolver.resolve(key);
    expect(await store.apiKeys.remove(id)).toBe(true);
    resolver.forget(id);
    release();
    // The answer read before the revocation may serve that one request, never the next ones.
    await inFlight;
    expect(await resolver.resolve(key)).toBeUndefined();
  });
});
