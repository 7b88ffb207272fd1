import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { useFixture } from './fixture.js';

describe('Baileys adapter: pairing and login against the local peer', () => {
  const fx = useFixture();

  it('QR appears → peer pairs → 515 → reconnect → onOpen, creds stored', async () => {
    const started = Date.now();
    const first = await fx.connect('acc-qr');
    const qr = await first.until((e) => e.qrs[0], 'QR');
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
    expect(first.session.isOpen()).toBe(false);

    const { jid } = await fx.peer.scanQr(qr, '15550100001');
    const closed = await first.until((e) => e.closes[0], 'close after pairing');
    expect(closed).toMatchObject({ code: 515, wasOpen: false });
    // the adapter flushed the paired creds before reporting the 515
    const creds = await fx.auth.of('acc-qr').readCreds<{ me?: { id: string } }>();
    expect(creds?.me?.id).toBe(jid);

    const second = await fx.connect('acc-qr');
    const opened = await second.until((e) => e.opens[0], 'open', 45_000);
    expect(opened.jid).toBe('15550100001@s.whatsapp.net');
    expect(second.events.qrs).toEqual([]);
    expect(second.session.isOpen()).toBe(true);
    expect(fx.peer.sockets('15550100001')).toBe(1);
    // keys went to the store too: the 812 uploaded prekeys (the last ones: the peer's first
    // pkmsg may already have consumed pre-key 1, and Baileys deletes a consumed prekey)
    const auth = fx.auth.of('acc-qr');
    expect(Object.keys(await auth.readKeys('pre-key', ['811', '812']))).toEqual(['811', '812']);
    console.log(`pair + login through the adapter: ${Date.now() - started} ms`);
    await second.session.close();
    expect(second.events.closes).toEqual([]); // a close we asked for is not reported
  });

  it('a new session with stored creds reconnects with no new QR', async () => {
    const started = Date.now();
    const again = await fx.connect('acc-qr');
    await again.until((e) => e.opens[0], 'open with stored creds');
    expect(again.events.qrs).toEqual([]);
    console.log(`login with stored creds: ${Date.now() - started} ms`);
    await again.session.close();
  });

  it('lid-mapping keys are stored as plain string values', async () => {
    const stored = [...fx.auth.of('acc-qr').entries].filter(([id]) => id.startsWith('lid-mapping-'));
    expect(stored.length).toBeGreaterThan(0);
    for (const [, text] of stored) expect(typeof JSON.parse(text)).toBe('string');
  });

  it('pairing code by phone number', async () => {
    const session = await fx.connect('acc-code');
    await session.until((e) => e.qrs[0], 'socket up (first QR)');
    const code = await session.session.requestPairingCode('+1 555 010 0002');
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await fx.peer.enterPairingCode('15550100002', code);
    expect((await session.until((e) => e.closes[0], '515')).code).toBe(515);
    const next = await fx.connect('acc-code');
    expect((await next.until((e) => e.opens[0], 'open', 45_000)).jid).toBe('15550100002@s.whatsapp.net');
    await expect(next.session.requestPairingCode('15550100002')).rejects.toThrow(/not waiting for pairing/);
    await next.session.close();
  });

  it('a write fenced off by a newer lease epoch closes the socket without onClose', async () => {
    const session = await fx.pair('acc-fenced', '15550100004');
    const auth = fx.auth.of('acc-fenced');
    // a new owner took the shard: its epoch-2 write raises the fence above ours (1)
    await auth.writeCreds((await auth.readCreds()) ?? {}, 2);
    // the inbound message makes Baileys store a signal session at epoch 1 → FencedWriteError
    await fx.peer.sendText('15557770001', '15550100004', 'after the handover');
    await waitFor(() => !session.session.isOpen(), { what: 'fenced session closed' });
    await waitFor(() => fx.peer.sockets('15550100004') === 0, { what: 'socket gone at the peer' });
    expect(session.events.closes).toEqual([]);
  });

  it('logout unlinks the device at the peer and wipes the stored creds', async () => {
    const session = await fx.pair('acc-logout', '15550100003');
    await session.session.logout();
    await waitFor(() => fx.peer.account('15550100003')?.devices.length === 0, { what: 'device unlinked' });
    expect(fx.auth.of('acc-logout').hasCreds()).toBe(false);
    expect(session.events.closes).toEqual([]);
  });
});
