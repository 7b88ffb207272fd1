import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useFixture } from './fixture.js';

// Issue 22 item 12(a): creds the sandbox engine wrote, then the same data opened with Baileys.
const sandboxCreds = {
  platform: 'wildcat-sandbox',
  registered: true,
  me: { id: '15550900001@s.whatsapp.net' },
};

describe('Baileys adapter: stored creds it cannot use', () => {
  const fx = useFixture();

  it('sandbox-shaped creds → one close 401 with the reason, no socket, no crash, no loop', async () => {
    await fx.auth.of('acc-sandbox').writeCreds(sandboxCreds, 1);
    const session = await fx.connect('acc-sandbox');
    const closed = await session.until((e) => e.closes[0], 'close for unusable creds');
    expect(closed).toMatchObject({ code: 401, wasOpen: false });
    expect(closed.reason).toMatch(/stored credentials are unusable/);
    expect(closed.reason).toMatch(/wildcat-sandbox/);
    expect(closed.reason).toMatch(/noiseKey/);
    expect(closed.reason).toMatch(/new QR code/);
    expect(session.session.isOpen()).toBe(false);
    await expect(session.session.markRead('15550900002@s.whatsapp.net', ['m1'])).rejects.toThrow(
      /not connected/,
    );
    await sleep(1000);
    expect(session.events.closes).toHaveLength(1);
    expect(session.events.qrs).toEqual([]);
    expect(fx.peer.sockets('15550900001')).toBe(0);
    expect(fx.engine.sessionCount()).toBe(0);
    // the creds are left for the worker's policy to wipe (401 → logged_out, wipe)
    expect(fx.auth.of('acc-sandbox').hasCreds()).toBe(true);
  });

  it('once the creds are wiped, the same account gets a QR code again', async () => {
    await fx.auth.of('acc-sandbox').clear(1);
    const session = await fx.connect('acc-sandbox');
    expect(await session.until((e) => e.qrs[0], 'QR after wipe')).toMatch(/^https:\/\/wa\.me\//);
    expect(session.events.closes).toEqual([]);
    await session.session.close();
  });

  it('creds with a truncated key pair are refused too; complete creds are not', async () => {
    const paired = await fx.pair('acc-good', '15550900003');
    await paired.session.close();
    const auth = fx.auth.of('acc-good');
    const good = await auth.readCreds<Record<string, { public?: Uint8Array }>>();
    const again = await fx.connect('acc-good');
    await again.until((e) => e.opens[0], 'complete creds log in');
    await again.session.close();
    await auth.writeCreds({ ...good, signedIdentityKey: { public: good?.signedIdentityKey?.public } }, 1);
    const broken = await fx.connect('acc-good');
    const closed = await broken.until((e) => e.closes[0], 'close for a truncated key pair');
    expect(closed.code).toBe(401);
    expect(closed.reason).toMatch(/signedIdentityKey\.private/);
  });
});
