import { type PrivateRedis, startRedis } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, redisOptions } from '../src/index.js';

const PASSWORD = 'p4ss/with:odd@chars';
let server: PrivateRedis;

// A Redis that asks for a password and has an ACL user, as deploy/ runs it.
beforeAll(async () => {
  server = await startRedis();
  const admin = new Redis(server.url);
  await admin.acl('SETUSER', 'wildcat', 'on', `>${PASSWORD}`, '~*', '&*', '+@all');
  await admin.config('SET', 'requirepass', PASSWORD);
  admin.disconnect();
});
afterAll(async () => {
  await server?.destroy();
});

const withCredentials = (user: string) => {
  const url = new URL(server.url);
  url.username = user;
  url.password = encodeURIComponent(PASSWORD);
  return url.toString();
};

describe('REDIS_URL credentials and TLS', () => {
  it('authenticates with the password (requirepass) or an ACL user from REDIS_URL, URL-encoded', async () => {
    for (const url of [withCredentials(''), withCredentials('wildcat')]) {
      const client = await connectRedis(url, 'request');
      try {
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.disconnect();
      }
    }
  });

  it('is refused without them', async () => {
    // No retries: the ready check's NOAUTH closes the connection for good.
    const client = new Redis({
      ...redisOptions(server.url, 'request'),
      lazyConnect: true,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    await expect(client.connect().then(() => client.ping())).rejects.toThrow(/NOAUTH|closed/);
    client.disconnect();
  });

  it('speaks TLS for rediss:// URLs, verifying the server (system CAs plus NODE_EXTRA_CA_CERTS)', () => {
    const options = redisOptions('rediss://wildcat:secret@redis.example:6380/2', 'blocking');
    expect(options).toMatchObject({
      host: 'redis.example',
      port: 6380,
      username: 'wildcat',
      password: 'secret',
      db: 2,
    });
    expect(options.tls).toEqual({});
    expect(redisOptions('redis://redis.example:6379', 'request').tls).toBeUndefined();
  });
});
