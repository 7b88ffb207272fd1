import { existsSync } from 'node:fs';
import { loadConfig } from '@wildcat/config';
import { describe, expect, it } from 'vitest';
import { interpolateDeep } from '../lib/compose-env.js';
import { parseDockerfile } from '../lib/dockerfile.js';
import { parseDotenv } from '../lib/dotenv.js';
import { apps, readText, readYaml, root, shutdownDeadlineSeconds } from './helpers.js';

interface Service {
  image?: string;
  build?: { context: string; target: string };
  command?: string[];
  env_file?: Array<{ path: string; required: boolean }>;
  environment?: Record<string, string>;
  expose?: string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  profiles?: string[];
  entrypoint?: string[];
  stop_grace_period?: string;
  read_only?: boolean;
  cap_drop?: string[];
}

interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const raw = readYaml<Compose>('docker-compose.yml');
// What a user's .env provides for interpolation (compose refuses to start without API_KEYS and
// REDIS_PASSWORD).
const REDIS_PASSWORD = 'c0mposeRedisPassw0rd';
const compose = interpolateDeep(raw, { API_KEYS: 'compose-test-key', REDIS_PASSWORD });
const services = compose.services;
const dockerTargets = parseDockerfile(readText('Dockerfile')).stages.map((stage) => stage.name);

function servicesOf(app: string): Array<[string, Service]> {
  return Object.entries(services).filter(([, service]) => service.build?.target === app);
}

/** The environment a container gets: env_file entries in order, then `environment`. */
function containerEnv(service: Service): Record<string, string> {
  const env: Record<string, string> = {};
  for (const file of service.env_file ?? []) {
    if (!existsSync(`${root}${file.path}`)) {
      expect(file.required, `${file.path} is missing`).toBe(false);
      continue;
    }
    Object.assign(env, Object.fromEntries(parseDotenv(readText(file.path))));
  }
  return { ...env, ...service.environment };
}

function secondsOf(duration: string | undefined): number {
  const match = /^(\d+)(s|m)$/.exec(duration ?? '');
  return match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : 10;
}

describe('docker-compose.yml', () => {
  it('refuses to start without API_KEYS or REDIS_PASSWORD from .env', () => {
    expect(() => interpolateDeep(raw, { REDIS_PASSWORD })).toThrow(/API_KEYS/);
    expect(() => interpolateDeep(raw, { API_KEYS: 'compose-test-key' })).toThrow(/REDIS_PASSWORD/);
  });

  it('runs Redis with a password (requirepass) that every app has in its REDIS_URL', () => {
    const args = services.redis?.command ?? [];
    expect(args[args.indexOf('--requirepass') + 1]).toBe(REDIS_PASSWORD);
    expect((services.redis as { environment?: Record<string, string> }).environment?.REDISCLI_AUTH).toBe(
      REDIS_PASSWORD,
    );
    const apps = Object.entries(services).filter(([, service]) => service.build);
    expect(apps.length).toBe(5);
    for (const [name, service] of apps) {
      expect(containerEnv(service).REDIS_URL, name).toBe(`redis://:${REDIS_PASSWORD}@redis:6379`);
    }
  });

  it('runs MongoDB 7 and Redis 7 with an append-only file, on named volumes', () => {
    expect(services.mongo?.image).toMatch(/^mongo:7(\.|$)/);
    expect(services.redis?.image).toMatch(/^redis:7(\.|$)/);
    const redisArgs = services.redis?.command?.join(' ') ?? '';
    expect(redisArgs).toContain('--appendonly yes');
    expect(redisArgs).toContain('--maxmemory-policy noeviction'); // BullMQ needs it
    for (const service of [services.mongo, services.redis]) {
      const named = (service?.volumes ?? []).map((volume) => volume.split(':')[0]!);
      expect(named.length).toBeGreaterThan(0);
      for (const volume of named) expect(Object.keys(compose.volumes)).toContain(volume);
    }
  });

  it('runs two gateways, two session workers and one webhook worker from the Dockerfile targets', () => {
    expect(servicesOf('gateway')).toHaveLength(2);
    expect(servicesOf('session-worker')).toHaveLength(2);
    expect(servicesOf('webhook-worker')).toHaveLength(1);
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      expect(dockerTargets, name).toContain(service.build.target);
      expect(service.build.context).toBe('.');
      expect(service.image, name).toMatch(new RegExp(`/${service.build.target}:`));
    }
  });

  it('gives every service a healthcheck, and waits only on healthy services', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(condition, `${name} → ${dependency}`).toBe('service_healthy');
        expect(services[dependency]?.healthcheck, dependency).toBeDefined();
      }
    }
    for (const { app } of apps) {
      for (const [name, service] of servicesOf(app)) {
        const needs = Object.entries(service.depends_on ?? {});
        expect(
          needs
            .filter(([, need]) => need.required !== false)
            .map(([dependency]) => dependency)
            .sort(),
          name,
        ).toEqual(['mongo', 'redis']);
        // The cluster and sentinel services exist only under their profile: waited for when they run.
        for (const [dependency] of needs.filter(([, need]) => need.required === false))
          expect(services[dependency]?.profiles?.length, `${name} → ${dependency}`).toBeGreaterThan(0);
      }
    }
  });

  describe.each(apps)('$app services', ({ app, reads, portVariable }) => {
    const instances = servicesOf(app);

    it('set every variable the app reads, with values it accepts', () => {
      for (const [name, service] of instances) {
        const env = containerEnv(service);
        const unset = reads.filter((variable) => !(variable in env));
        // WORKER_ID is optional (host name and pid); the session workers set it anyway.
        expect(
          unset.filter((variable) => variable !== 'WORKER_ID'),
          name,
        ).toEqual([]);
        expect(() => loadConfig(reads, env), name).not.toThrow();
        expect(env.REDIS_URL, name).toMatch(/^redis:\/\/:[^@]+@redis:6379$/);
        expect(env.MONGODB_URL, name).toMatch(/^mongodb:\/\/mongo:27017/);
      }
    });

    it(`healthchecks ${portVariable}; a worker's health port is bound to loopback and not exposed`, () => {
      for (const [name, service] of instances) {
        const env = containerEnv(service);
        const port = env[portVariable];
        expect(port, name).toMatch(/^\d+$/);
        if (portVariable === 'HEALTH_PORT') {
          // Only the container's own healthcheck calls it (issue 23: it listened on all interfaces).
          expect(env.HEALTH_HOST, name).toBe('127.0.0.1');
          expect(service.expose, name).toBeUndefined();
        } else expect(service.expose, name).toEqual([port]);
        const [kind, command, flag, script] = service.healthcheck?.test ?? [];
        expect([kind, command, flag], name).toEqual(['CMD', 'node', '-e']);
        expect(script, name).toMatch(
          new RegExp(`^fetch\\('http://127\\.0\\.0\\.1:${port}/(healthz|readyz)'\\)`),
        );
      }
    });

    it('runs read-only, without capabilities', () => {
      for (const [name, service] of instances) {
        expect(service.read_only, name).toBe(true);
        expect(service.cap_drop, name).toEqual(['ALL']);
      }
    });

    if (app === 'session-worker') {
      it('gives each worker its own WORKER_ID and room for its graceful shutdown', () => {
        const ids = instances.map(([, service]) => containerEnv(service).WORKER_ID);
        expect(new Set(ids).size).toBe(instances.length);
        const deadline = shutdownDeadlineSeconds('session-worker');
        for (const [name, service] of instances) {
          expect(secondsOf(service.stop_grace_period), name).toBeGreaterThan(deadline);
        }
      });
    }
  });
});

describe('docker-compose.yml profiles past one Redis', () => {
  const header = readText('docker-compose.yml');
  const documented = (name: string) => new RegExp(`${name}=(\\S+)`).exec(header)?.[1] ?? '';
  const profiled = (profile: string) =>
    Object.entries(services).filter(([, service]) => service.profiles?.includes(profile));

  it('cluster: six AOF nodes in cluster mode, created with one replica per master, named by the documented REDIS_CLUSTER_NODES', () => {
    const nodes = profiled('cluster').filter(([name]) => name.startsWith('redis-node-'));
    expect(nodes).toHaveLength(6);
    for (const [name, node] of nodes) {
      const args = node.command?.join(' ') ?? '';
      expect(args, name).toContain('--cluster-enabled yes');
      expect(args, name).toContain('--appendonly yes');
      expect(args, name).toContain('--maxmemory-policy noeviction');
      // The password of the single Redis, for clients and for replication between the nodes.
      expect(args, name).toMatch(/--requirepass \S+ --masterauth \S+/);
      expect(node.volumes?.[0]?.split(':')[0], name).toBe(name);
    }
    const create = services['redis-cluster']?.entrypoint?.join(' ') ?? '';
    expect(create).toContain('--cluster-replicas 1');
    expect(create).toMatch(/for n in 1 2 3 4 5 6/);
    const env = {
      ...containerEnv(services['gateway-1']!),
      REDIS_CLUSTER_NODES: documented('REDIS_CLUSTER_NODES'),
    };
    const { REDIS_CLUSTER_NODES: seeds } = loadConfig(['REDIS_CLUSTER_NODES'], env);
    expect(seeds.map(({ host, port }) => `${host}:${port}`).sort()).toEqual(
      nodes.map(([name]) => `${name}:6379`).sort(),
    );
  });

  it('sentinel: a replica of redis and three sentinels (quorum 2) on the documented REDIS_SENTINELS and name', () => {
    expect(services['redis-replica']?.command?.join(' ')).toContain('--replicaof redis 6379');
    const sentinels = profiled('sentinel').filter(([name]) => name.startsWith('redis-sentinel-'));
    expect(sentinels).toHaveLength(3);
    const env = {
      REDIS_SENTINELS: documented('REDIS_SENTINELS'),
      REDIS_SENTINEL_NAME: documented('REDIS_SENTINEL_NAME'),
    };
    const config = loadConfig(['REDIS_SENTINELS', 'REDIS_SENTINEL_NAME'], env);
    expect(config.REDIS_SENTINELS.map(({ host }) => host).sort()).toEqual(
      sentinels.map(([name]) => name).sort(),
    );
    for (const [name, sentinel] of sentinels)
      expect(sentinel.entrypoint?.join(' '), name).toContain(
        `sentinel monitor ${config.REDIS_SENTINEL_NAME} redis 6379 2`,
      );
    for (const [name, sentinel] of sentinels)
      expect(sentinel.entrypoint?.join(' '), name).toContain(
        `sentinel auth-pass ${config.REDIS_SENTINEL_NAME} %s`,
      );
    expect(services['redis-replica']?.command?.join(' ')).toMatch(/--requirepass \S+ --masterauth \S+/);
  });
});

describe('nginx in front of the gateways', () => {
  const conf = readText('deploy/nginx/nginx.conf');
  const nginx = services.nginx!;

  it('mounts deploy/nginx/nginx.conf and publishes its listen port', () => {
    expect(nginx.volumes).toContain('./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
    const listen = /listen (\d+);/.exec(conf)?.[1];
    expect(nginx.ports?.map((mapping) => mapping.split(':').at(-1))).toEqual([listen]);
    expect(Object.keys(nginx.depends_on ?? {}).sort()).toEqual(
      servicesOf('gateway')
        .map(([name]) => name)
        .sort(),
    );
  });

  it('balances over every gateway service on its PORT with keep-alive', () => {
    const upstream = /upstream gateways \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    const servers = [...upstream.matchAll(/server ([\w.-]+:\d+)/g)].map((match) => match[1]);
    const expected = servicesOf('gateway').map(([name, service]) => `${name}:${containerEnv(service).PORT}`);
    expect(servers.sort()).toEqual(expected.sort());
    expect(upstream).toMatch(/keepalive \d+;/);
    expect(conf).toMatch(/proxy_pass http:\/\/gateways;/);
  });

  it('proxies SSE and WebSocket: HTTP/1.1, Upgrade headers, no buffering, long timeouts', () => {
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(conf).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toContain('proxy_buffering off;');
    expect(Number(/proxy_read_timeout (\d+)s;/.exec(conf)?.[1])).toBeGreaterThanOrEqual(600);
    const healthcheck = nginx.healthcheck?.test.join(' ') ?? '';
    const healthPath = /location = (\/[\w-]+)/.exec(conf)?.[1];
    expect(healthcheck).toContain(`${/listen (\d+);/.exec(conf)?.[1]}${healthPath}`);
  });
});
