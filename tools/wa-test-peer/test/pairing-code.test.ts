import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWaPeer, type WaPeer } from '../src/index.js';
import { connectClient, memoryAuth, type TestClient } from './baileys-client.js';

describe('pairing by phone number code', () => {
  let peer: WaPeer;
  const clients: TestClient[] = [];
  const warnings: unknown[] = [];
  const phone = '15550004444';

  beforeAll(async () => {
    peer = await startWaPeer();
    peer.on('warning', (w) => warnings.push(w));
  });
  afterAll(async () => {
    for (const client of clients) client.end();
    await peer.close();
    expect(warnings).toEqual([]);
  });

  it('requestPairingCode → code typed on the phone → 515 → open', async () => {
    const auth = memoryAuth();
    const first = connectClient(peer, auth);
    clients.push(first);
    // like real apps: ask for the code once the socket is up (first QR event)
    await first.update((u) => u.qr);
    const code = await first.sock.requestPairingCode(phone);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await peer.enterPairingCode(phone, code);
    expect(await first.closeCode()).toBe(515);
    expect(auth.creds.registered).toBe(true);
    expect(auth.creds.me?.id).toMatch(new RegExp(`^${phone}:\\d+@s\\.whatsapp\\.net$`));

    const second = connectClient(peer, auth);
    clients.push(second);
    await second.update((u) => u.connection === 'open');
    expect(peer.sockets(phone)).toBe(1);
  });
});

describe('pairing by code: a mistyped code', () => {
  it('does not pair the device', async () => {
    const peer = await startWaPeer();
    const failures: unknown[] = [];
    peer.on('pairing-failed', (f) => failures.push(f));
    const client = connectClient(peer, memoryAuth());
    try {
      await client.update((u) => u.qr);
      const code = await client.sock.requestPairingCode('15550005555');
      await peer.enterPairingCode('15550005555', code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA');
      await waitFor(() => failures.length, { what: 'pairing-failed' });
      expect(peer.account('15550005555')?.devices).toEqual([]);
    } finally {
      client.end();
      await peer.close();
    }
  });
});
