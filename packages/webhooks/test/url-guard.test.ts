import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, createGuardedConnector, UnsafeAddressError } from '../src/index.js';
import { postThrough, useOkServer } from './guarded-post.js';

const publicResolver = (addresses: string[]) => async () => addresses;

describe('checkWebhookUrl (subscription time)', () => {
  it('accepts http and https to public addresses', async () => {
    const result = await checkWebhookUrl('https://hooks.example.com/in', {
      allowPrivate: false,
      resolve: publicResolver(['93.184.216.34']),
    });
    expect(result.ok).toBe(true);
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'gopher://x', 'javascript:alert(1)', 'not a url'])(
    'refuses %s',
    async (url) => {
      const result = await checkWebhookUrl(url, { allowPrivate: true });
      expect(result).toMatchObject({ ok: false });
    },
  );

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://10.0.0.5/hook', 'private'],
    ['http://172.20.1.1/hook', 'private'],
    ['http://192.168.0.10/hook', 'private'],
    ['http://169.254.10.1/hook', 'link-local'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://100.64.1.1/hook', 'cgnat'],
    ['http://[fd00::1]/hook', 'unique-local'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://[::ffff:a00:1]/hook', 'private'],
    ['http://2130706433/hook', 'loopback'],
    ['http://0x7f.1/hook', 'loopback'],
  ])('refuses %s (%s) unless private networks are allowed', async (url, addressClass) => {
    const refused = await checkWebhookUrl(url, { allowPrivate: false });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain(`a ${addressClass} address`);
    expect((await checkWebhookUrl(url, { allowPrivate: true })).ok).toBe(true);
  });

  it('refuses a name that resolves to any private address, and a name that does not resolve', async () => {
    const mixed = await checkWebhookUrl('https://evil.example/x', {
      allowPrivate: false,
      resolve: publicResolver(['93.184.216.34', '10.0.0.1']),
    });
    expect(mixed.ok).toBe(false);
    const missing = await checkWebhookUrl('https://nowhere.invalid/x', {
      allowPrivate: false,
      resolve: async () => {
        throw new Error('ENOTFOUND');
      },
    });
    expect(missing).toEqual({
      ok: false,
      refusal: 'address',
      error: 'url host nowhere.invalid could not be resolved',
    });
  });
});

describe('createGuardedConnector (delivery time)', () => {
  const ok = useOkServer();

  it('connects to loopback only when private networks are allowed', async () => {
    const open = createGuardedConnector({ allowPrivate: true, timeoutMs: 2_000 });
    expect(await postThrough(`http://127.0.0.1:${ok.port}/`, open)).toBe(200);
    const guarded = createGuardedConnector({ allowPrivate: false, timeoutMs: 2_000 });
    await expect(postThrough(`http://127.0.0.1:${ok.port}/`, guarded)).rejects.toBeInstanceOf(
      UnsafeAddressError,
    );
    await expect(postThrough(`http://[::ffff:127.0.0.1]:${ok.port}/`, guarded)).rejects.toBeInstanceOf(
      UnsafeAddressError,
    );
  });

  it.each([
    ['http://10.0.0.1:9/', 'private'],
    ['http://172.16.0.1:9/', 'private'],
    ['http://192.168.0.1:9/', 'private'],
    ['http://169.254.1.1:9/', 'link-local'],
    ['http://[fe80::1]:9/', 'link-local'],
    ['http://100.64.0.1:9/', 'cgnat'],
    ['http://[fc00::1]:9/', 'unique-local'],
    ['http://0.0.0.0:9/', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://[::ffff:10.0.0.1]:9/', 'private'],
  ])('refuses to connect to %s (%s) at delivery time', async (url, addressClass) => {
    const guarded = createGuardedConnector({ allowPrivate: false, timeoutMs: 500 });
    const error = await postThrough(url, guarded).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsafeAddressError);
    expect((error as UnsafeAddressError).addressClass).toBe(addressClass);
  });

  it('refuses a name that rebinds to loopback after the subscription check', async () => {
    let calls = 0;
    // First answer (the subscription check) is public, the connect-time answer is loopback.
    const rebinding = async (): Promise<LookupAddress[]> =>
      calls++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    const atSubscription = await checkWebhookUrl(`http://rebind.test:${ok.port}/`, {
      allowPrivate: false,
      resolve: async (host) => (await rebinding()).map((a) => a.address || host),
    });
    expect(atSubscription.ok).toBe(true);
    const guarded = createGuardedConnector({ allowPrivate: false, timeoutMs: 2_000, resolve: rebinding });
    await expect(postThrough(`http://rebind.test:${ok.port}/`, guarded)).rejects.toBeInstanceOf(
      UnsafeAddressError,
    );
  });
});
