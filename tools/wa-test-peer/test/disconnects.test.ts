import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWaPeer, type WaPeer } from '../src/index.js';
import { connectClient, type MemoryAuth, pairByQr, type TestClient } from './baileys-client.js';

describe('disconnect codes', () => {
  let peer: WaPeer;
  let auth: MemoryAuth;
  const clients: TestClient[] = [];
  const warnings: unknown[] = [];
  const phone = '15550002222';

  beforeAll(async () => {
    peer = await startWaPeer();
    peer.on('warning', (w) => warnings.push(w));
    const paired = await pairByQr(peer, phone);
    auth = paired.auth;
    clients.push(paired.client);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.end();
  });
  afterAll(async () => {
    await peer.close();
    expect(warnings).toEqual([]);
  });

  async function open(): Promise<TestClient> {
    const client = connectClient(peer, auth);
    clients.push(client);
    await client.update((u) => u.connection === 'open');
    return client;
  }

  it('kick 515 → restart required', async () => {
    const client = clients[0] ?? (await open());
    expect(peer.kick(auth.creds.me!.id, 515)).toBe(1);
    expect(await client.closeCode()).toBe(515);
  });

  it('a second socket for the same device replaces the first with 440', async () => {
    const first = await open();
    const second = await open();
    expect(await first.closeCode()).toBe(440);
    expect(second.updates.some((u) => u.connection === 'close')).toBe(false);
    expect(peer.sockets(auth.creds.me!.id)).toBe(1);
  });

  it('kick 440 → replaced', async () => {
    const client = await open();
    peer.kick(phone, 440);
    expect(await client.closeCode()).toBe(440);
  });

  it('kick 401 → logged out, and the creds no longer log in', async () => {
    const client = await open();
    peer.kick(auth.creds.me!.id, 401);
    expect(await client.closeCode()).toBe(401);
    const again = connectClient(peer, auth);
    clients.push(again);
    expect(await again.closeCode()).toBe(401);
  });
});
