import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@wildcat/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { startWaPeer, type WaPeer } from '../src/index.js';
import { connectClient, memoryAuth, pairByQr, type TestClient } from './baileys-client.js';

const text = (m: {
  message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null };
}) => m.message.conversation ?? m.message.extendedTextMessage?.text;

describe('signal sessions and the offline queue survive a peer restart', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'wa-peer-restart-'));
  const phone = '15550006666';
  const contact = '15557770009';
  const auth = memoryAuth();
  let peer: WaPeer;
  let client: TestClient | undefined;

  afterAll(async () => {
    client?.end();
    await peer?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function exchange(label: string) {
    const sent = await client!.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: `out ${label}` });
    expect(text(await peer.nextMessage((m) => m.id === sent?.key.id))).toBe(`out ${label}`);
    const id = await peer.sendText(contact, phone, `in ${label}`);
    const got = await waitFor(() => client!.messages.find((m) => m.key.id === id), { what: 'inbound' });
    expect(got.message?.conversation).toBe(`in ${label}`);
  }

  it('texts flow before and after the restart', async () => {
    peer = await startWaPeer({ stateDir });
    ({ client } = await pairByQr(peer, phone, auth));
    await exchange('before');
    client.end();
    await peer.close();

    peer = await startWaPeer({ stateDir });
    client = connectClient(peer, auth);
    await client.update((u) => u.connection === 'open');
    await exchange('after');
  });

  it('a message sent while the device is offline arrives at its next login', async () => {
    client?.end();
    await waitFor(() => peer.sockets(phone) === 0, { what: 'socket closed' });
    const id = await peer.sendText(contact, phone, 'while you were away');
    client = connectClient(peer, auth);
    const got = await waitFor(() => client!.messages.find((m) => m.key.id === id), {
      what: 'queued message',
    });
    expect(got.message?.conversation).toBe('while you were away');
  });
});
