import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const PASSWORD = 'tls-test-password';
const openssl = spawnSync('openssl', ['version']).status === 0;
let dir: string;
let port: number;
let server: ChildProcess | undefined;

// A Redis that speaks TLS only, with a certificate from a private CA, as deploy/compose/redis-tls.yml runs it.
beforeAll(async () => {
  if (!openssl) return;
  dir = mkdtempSync(join(tmpdir(), 'wildcat-redis-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'redis.key',
    '-out',
    'redis.csr',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  run([
    'x509',
    '-req',
    '-in',
    'redis.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'redis.crt',
  ]);
  port = await freePort();
  server = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      'redis.crt',
      '--tls-key-file',
      'redis.key',
      '--tls-ca-cert-file',
      'ca.crt',
      '--tls-auth-clients',
      'no',
      '--requirepass',
      PASSWORD,
      '--save',
      '',
      '--dir',
      dir,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  await waitFor(() => ping({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') }) === 'PONG', {
    what: 'TLS redis up',
    timeoutMs: 20_000,
    intervalMs: 300,
  });
}, 60_000);
afterAll(() => {
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** PING with the options every app builds from REDIS_URL, in a fresh process (NODE_EXTRA_CA_CERTS is read at start-up). */
function ping(env: Record<string, string>, url = `rediss://:${PASSWORD}@localhost:${port}`): string {
  const script = `import { redisOptions } from ${JSON.stringify(INDEX)};
import { Redis } from 'ioredis';
const client = new Redis({ ...redisOptions(${JSON.stringify(url)}, 'request'), lazyConnect: true, retryStrategy: () => null });
let first = '';
client.on('error', (error) => { first ||= error.message; });
try { await client.connect(); console.log(await client.ping()); }
catch (error) { console.log('ERROR ' + (first || error.message)); }
process.exit(0);`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return result.stdout.trim().split('\n').at(-1) ?? '';
}

describe.skipIf(!openssl)('rediss:// against a TLS-only Redis', () => {
  it('connects when the process trusts the CA (NODE_EXTRA_CA_CERTS), with the password from the URL', () => {
    expect(ping({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') })).toBe('PONG');
  });

  it('refuses a server certificate it cannot verify, and a wrong password', () => {
    expect(ping({})).toMatch(/^(ERROR|TIMEOUT)/);
    expect(ping({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') }, `rediss://:wrong@localhost:${port}`)).toMatch(
      /^(ERROR|TIMEOUT)/,
    );
  });
});
