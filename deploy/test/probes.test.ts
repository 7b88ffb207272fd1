import { existsSync } from 'node:fs';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageConfig, parseDockerfile } from '../lib/dockerfile.js';
import {
  type AppInfo,
  apps,
  documentedMetrics,
  PROBE_KEY,
  readText,
  readYaml,
  root,
  useAppProcess,
} from './helpers.js';
import { type Deployment, find, removeWorkdir, renders } from './k8s-helpers.js';

afterAll(removeWorkdir);

/**
 * Every path a probe, healthcheck or scrape annotation points at, per app, gathered from the
 * manifests themselves so that a new probe is checked without touching this test.
 */
function probedPaths(app: AppInfo['app']): { health: string[]; ready: string[]; metrics: string[] } {
  const paths = new Set<string>();
  for (const objects of Object.values(renders)) {
    const template = find<Deployment>(objects, 'Deployment', app).spec.template;
    for (const container of template.spec.containers) {
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        if (probe?.httpGet) paths.add(probe.httpGet.path);
      }
    }
    const metrics = template.metadata.annotations?.['prometheus.io/path'];
    if (metrics) paths.add(metrics);
  }
  const compose = readYaml<{
    services: Record<string, { build?: { target: string }; healthcheck?: { test: string[] } }>;
  }>('docker-compose.yml');
  const healthchecks = Object.values(compose.services)
    .filter((service) => service.build?.target === app)
    .map((service) => service.healthcheck?.test.at(-1) ?? '');
  healthchecks.push(imageConfig(parseDockerfile(readText('Dockerfile')), app).healthcheck.at(-1) ?? '');
  for (const script of healthchecks) {
    const path = /(\/[a-z]+)'\)/.exec(script)?.[1];
    if (path) paths.add(path);
  }
  const all = [...paths];
  return {
    health: all.filter((path) => path === '/healthz'),
    ready: all.filter((path) => path === '/readyz'),
    metrics: all.filter((path) => path === '/metrics'),
  };
}

describe('probe paths', () => {
  it.each(apps)(
    '$app: the manifests probe /healthz, /readyz and scrape /metrics, nothing else',
    ({ app }) => {
      const { health, ready, metrics } = probedPaths(app);
      expect([health, ready, metrics]).toEqual([['/healthz'], ['/readyz'], ['/metrics']]);
    },
  );
});

/**
 * The real check: start each app from its source with the deployment environment (local Redis
 * and devdb in place of the service hosts, a free port in place of the fixed one) and ask every
 * probed path on the port the manifests probe.
 */
describe.each(apps)('$app process', (info) => {
  const { app, portVariable, packageName } = info;
  const main = `${root}apps/${app}/src/main.ts`;
  const present = existsSync(main);
  const proc = useAppProcess(info, { enabled: present, args: ['--import', 'tsx', main], cwd: root });

  beforeAll(async () => {
    if (!present) return;
    await waitFor(
      async () => {
        if (proc.child?.exitCode !== null) throw new Error(`${packageName} exited: ${proc.output}`);
        return (await fetch(`${proc.base}/healthz`).catch(() => undefined))?.ok === true;
      },
      { timeoutMs: 30_000 },
    ).catch((error: unknown) => {
      throw new Error(
        `${packageName} did not answer /healthz on ${portVariable}: ${String(error)}\n${proc.output}`,
      );
    });
  });

  it.skipIf(!present)(`answers /healthz on ${portVariable}`, async () => {
    expect((await fetch(`${proc.base}/healthz`)).status).toBe(200);
  });

  it.skipIf(!present)('becomes ready on /readyz with Redis and MongoDB up', async () => {
    await waitFor(async () => (await fetch(`${proc.base}/readyz`)).status === 200, { timeoutMs: 30_000 });
  });

  it.skipIf(!present)('serves Prometheus text on /metrics (the gateway behind the API key)', async () => {
    // The gateway's /metrics sits behind the API key like every non-probe route; scrapers send it.
    const bare = await fetch(`${proc.base}/metrics`);
    expect(bare.status).toBe(app === 'gateway' ? 401 : 200);
    const response = await fetch(`${proc.base}/metrics`, { headers: { 'x-api-key': PROBE_KEY } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^# (HELP|TYPE) /m);
    // Every series docs/operations.md tells operators to watch is one this process exports.
    const documented = documentedMetrics()[app] ?? [];
    expect(documented.length).toBeGreaterThan(0);
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    expect(documented.filter((name) => !exported.has(name))).toEqual([]);
  });

  if (app === 'gateway') {
    it.skipIf(!present)('serves Bull Board at /admin/queues behind the API key', async () => {
      expect((await fetch(`${proc.base}/admin/queues`)).status).toBe(401);
      const page = await fetch(`${proc.base}/admin/queues`, { headers: { 'x-api-key': PROBE_KEY } });
      expect(page.status).toBe(200);
    });
  }
});
