import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWaPeer, type WaPeer } from '../src/index.js';
import { connectClient, memoryAuth, pairByQr, type TestClient } from './baileys-client.js';

describe('pairing and login', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'wa-peer-'));
  let peer: WaPeer;
  const clients: TestClient[] = [];
  const auth = memoryAuth();
  const phone = '15550001111';

  beforeAll(async () => {
    peer = await startWaPeer({ stateDir });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.end();
  });
  afterAll(async () => {
    await peer.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('pairs by QR, restarts on 515 and opens', async () => {
    const { client } = await pairByQr(peer, phone, auth);
    clients.push(client);
    expect(auth.creds.me?.id).toMatch(new RegExp(`^${phone}:1@s\\.whatsapp\\.net$`));
    expect(auth.creds.me?.lid).toMatch(/@lid$/);
    expect(peer.sockets(phone)).toBe(1);
  });

  it('logs in with stored creds after the peer restarts, without a QR', async () => {
    await peer.close();
    peer = await startWaPeer({ stateDir });
    const client = connectClient(peer, auth);
    clients.push(client);
    await client.update((u) => u.connection === 'open');
    expect(client.updates.some((u) => u.qr)).toBe(false);
  });

  it('rejects unknown creds with 401', async () => {
    const stranger = memoryAuth();
    stranger.creds.me = { id: '15559990000:3@s.whatsapp.net', name: 'x' };
    const client = connectClient(peer, stranger);
    clients.push(client);
    expect(await client.closeCode()).toBe(401);
  });
});
