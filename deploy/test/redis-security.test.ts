import { loadConfig } from '@wildcat/config';
import { afterAll, describe, expect, it } from 'vitest';
import { interpolateDeep } from '../lib/compose-env.js';
import { apps, readYaml } from './helpers.js';
import { type Deployment, find, removeWorkdir, renders } from './k8s-helpers.js';

afterAll(removeWorkdir);

interface Service {
  build?: { target: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  env_file?: unknown;
}
type Compose = { services: Record<string, Service> };

const env = { API_KEYS: 'compose-test-key', REDIS_PASSWORD: 'tlsRedisPassw0rd' };
const base = interpolateDeep(readYaml<Compose>('docker-compose.yml'), env);
const tls = interpolateDeep(readYaml<Compose>('deploy/compose/redis-tls.yml'), env);

/** `docker compose -f docker-compose.yml -f deploy/compose/redis-tls.yml`: maps merge, command replaced, volumes by target. */
function merged(name: string): Service {
  const a = base.services[name] ?? {};
  const b = tls.services[name] ?? {};
  const target = (volume: string) => volume.split(':')[1];
  const volumes = [
    ...(a.volumes ?? []).filter((v) => !(b.volumes ?? []).some((w) => target(w) === target(v))),
    ...(b.volumes ?? []),
  ];
  return { ...a, ...b, environment: { ...a.environment, ...b.environment }, volumes };
}

describe('Redis TLS for docker compose (deploy/compose/redis-tls.yml)', () => {
  it('runs Redis on TLS only, with its password', () => {
    const redis = merged('redis');
    const args = redis.command ?? [];
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('--port')).toBe('0');
    expect(value('--tls-port')).toBe('6379');
    expect(value('--requirepass')).toBe(env.REDIS_PASSWORD);
    for (const flag of ['--tls-cert-file', '--tls-key-file', '--tls-ca-cert-file'])
      expect(
        redis.volumes?.some((v) => value(flag)?.startsWith(`${v.split(':')[1]}/`)),
        flag,
      ).toBe(true);
    expect(redis.volumes).toContain('redis-data:/data');
  });

  it.each(apps)('$app services connect with rediss:// and trust the mounted CA', ({ app, reads }) => {
    const names = Object.entries(base.services)
      .filter(([, service]) => service.build?.target === app)
      .map(([name]) => name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const service = merged(name);
      const environment = service.environment ?? {};
      expect(environment.REDIS_URL, name).toBe(`rediss://:${env.REDIS_PASSWORD}@redis:6379`);
      const ca = environment.NODE_EXTRA_CA_CERTS;
      expect(
        service.volumes?.some((volume) => volume.split(':')[1] === ca),
        name,
      ).toBe(true);
      expect(() => loadConfig(['REDIS_URL'], { REDIS_URL: environment.REDIS_URL })).not.toThrow();
      expect(reads).toContain('REDIS_URL');
    }
  });
});

describe('Redis credentials and TLS in Kubernetes', () => {
  it('keeps REDIS_URL (it holds the password) in the Secret; production connects with rediss:// as a user', () => {
    for (const objects of Object.values(renders)) {
      const data = (find(objects, 'ConfigMap', 'wildcat-config').data ?? {}) as Record<string, string>;
      expect(data.REDIS_URL).toBeUndefined();
    }
    const secret = find(renders.production, 'Secret', 'wildcat-secrets');
    const url = new URL(Buffer.from((secret.data as Record<string, string>).REDIS_URL!, 'base64').toString());
    expect(url.protocol).toBe('rediss:');
    expect(url.username).not.toBe('');
    expect(url.password).not.toBe('');
  });

  it.each(apps)('production $app trusts the Redis CA from the wildcat-redis-ca Secret', ({ app }) => {
    const pod = find<Deployment>(renders.production, 'Deployment', app).spec.template.spec;
    const container = pod.containers[0]!;
    const caFile = container.env?.find((entry) => entry.name === 'NODE_EXTRA_CA_CERTS')?.value ?? '';
    const mount = container.volumeMounts?.find((entry) => caFile.startsWith(`${entry.mountPath}/`));
    expect(mount, caFile).toBeDefined();
    const volume = pod.volumes?.find((entry) => entry.name === mount?.name) as {
      secret?: { secretName: string };
    };
    expect(volume?.secret?.secretName).toBe('wildcat-redis-ca');
  });
});
