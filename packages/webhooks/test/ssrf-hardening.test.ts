import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  classifyAddress,
  createGuardedConnector,
  ForbiddenPortError,
  UnsafeAddressError,
} from '../src/index.js';
import { postThrough, useOkServer } from './guarded-post.js';

describe('ranges the review found open, and the neighbours checked with them (issue 23 item 8)', () => {
  it.each([
    ['::ffff:0:7f00:1', 'loopback'], // IPv4-translated 127.0.0.1
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['::ffff:0:a00:1', 'private'],
    ['::ffff:0:a9fe:a9fe', 'metadata'],
    ['64:ff9b:1::7f00:1', 'reserved'], // local-use NAT64
    ['64:ff9b:1:ffff::1', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'], // well-known NAT64 embedding
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['100.64.0.0', 'cgnat'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['0.255.255.255', 'unspecified'],
    ['239.255.255.250', 'multicast'],
    ['ff05::2', 'multicast'],
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each(['64:ff9b::808:808', '::ffff:0:808:808', '2606:4700:4700::1111', '198.20.0.1'])(
    '%s stays public',
    (address) => {
      expect(classifyAddress(address)).toBeUndefined();
    },
  );

  it.each(['http://[::ffff:0:7f00:1]/hook', 'http://[64:ff9b:1::a00:1]/hook'])(
    'refuses %s at subscription time',
    async (url) => {
      expect(await checkWebhookUrl(url, { allowPrivate: false })).toMatchObject({
        ok: false,
        refusal: 'address',
      });
    },
  );

  it('names what the refusal depends on, so the gateway can hide address refusals from scoped keys', async () => {
    expect(await checkWebhookUrl('ftp://x/', { allowPrivate: false })).toMatchObject({ refusal: 'syntax' });
    const unresolved = await checkWebhookUrl('https://nowhere.invalid/', {
      allowPrivate: false,
      resolve: async () => {
        throw new Error('ENOTFOUND');
      },
    });
    expect(unresolved).toMatchObject({ ok: false, refusal: 'address' });
  });
});

describe('WEBHOOK_ALLOWED_PORTS', () => {
  const resolve = async () => ['93.184.216.34'];

  it('empty allows any port; a list allows only its ports, the scheme default counting as named', async () => {
    expect((await checkWebhookUrl('https://h.example:8443/', { allowPrivate: false, resolve })).ok).toBe(
      true,
    );
    const ports = { allowPrivate: false, resolve, allowedPorts: [443] };
    expect((await checkWebhookUrl('https://h.example/', ports)).ok).toBe(true);
    expect((await checkWebhookUrl('https://h.example:443/', ports)).ok).toBe(true);
    expect(await checkWebhookUrl('https://h.example:8443/', ports)).toEqual({
      ok: false,
      refusal: 'port',
      error: 'url port 8443 is not allowed; webhooks may use port 443',
    });
    expect(await checkWebhookUrl('http://h.example/', ports)).toMatchObject({ ok: false, refusal: 'port' });
    // Checked before anything resolves, and also when private networks are allowed.
    expect(
      await checkWebhookUrl('http://127.0.0.1:6379/', { allowPrivate: true, allowedPorts: [443] }),
    ).toMatchObject({ ok: false, refusal: 'port' });
  });

  describe('at connect time', () => {
    const ok = useOkServer();

    it('connects only to listed ports', async () => {
      const listed = createGuardedConnector({
        allowPrivate: true,
        timeoutMs: 2_000,
        allowedPorts: [ok.port],
      });
      expect(await postThrough(`http://127.0.0.1:${ok.port}/`, listed)).toBe(200);
      const other = createGuardedConnector({ allowPrivate: true, timeoutMs: 2_000, allowedPorts: [443] });
      const error = await postThrough(`http://127.0.0.1:${ok.port}/`, other).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ForbiddenPortError);
      expect((error as ForbiddenPortError).port).toBe(ok.port);
    });

    it('keeps the address guard with a port list', async () => {
      const guarded = createGuardedConnector({
        allowPrivate: false,
        timeoutMs: 2_000,
        allowedPorts: [ok.port],
      });
      await expect(postThrough(`http://127.0.0.1:${ok.port}/`, guarded)).rejects.toBeInstanceOf(
        UnsafeAddressError,
      );
      await expect(postThrough(`http://[::ffff:0:7f00:1]:${ok.port}/`, guarded)).rejects.toBeInstanceOf(
        UnsafeAddressError,
      );
    });
  });
});
