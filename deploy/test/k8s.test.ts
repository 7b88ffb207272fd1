import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadConfig } from '@wildcat/config';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { secretVariables } from '../lib/deploy-env.js';
import { type K8sObject, kustomizeBuild, splitImage } from '../lib/kustomize.js';
import { parseQuantity } from '../lib/quantity.js';
import { apps, root } from './helpers.js';

// Render from a copy, where the production overlay gets its secrets.env from the example file.
const workdir = mkdtempSync(join(tmpdir(), 'wildcat-k8s-'));
cpSync(`${root}deploy/k8s`, workdir, { recursive: true });
cpSync(
  join(workdir, 'overlays/production/secrets.env.example'),
  join(workdir, 'overlays/production/secrets.env'),
);
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const renders = {
  base: kustomizeBuild(join(workdir, 'base')),
  production: kustomizeBuild(join(workdir, 'overlays/production')),
};
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  command?: string[];
  args?: string[];
}

interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  volumes?: Array<{ name: string; emptyDir?: unknown }>;
}

interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: PodSpec;
    };
  };
}

function find<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  return object as T;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The environment a container starts with: envFrom ConfigMaps/Secrets, then env. */
function containerEnv(objects: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
    if (source.secretRef) {
      const secret = find(objects, 'Secret', source.secretRef.name);
      const data = (secret.data ?? {}) as Record<string, string>;
      for (const [key, value] of Object.entries(data)) env[key] = Buffer.from(value, 'base64').toString();
      Object.assign(env, secret.stringData);
    }
  }
  for (const entry of container.env ?? []) {
    // A downward-API value (the pod name) looks like this at run time.
    env[entry.name] = entry.value ?? (entry.valueFrom ? 'session-worker-7d4b9c6f5-x2k8q' : '');
  }
  return env;
}

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
};

describe('kustomize render', () => {
  it.skipIf(!kubectl)('matches `kubectl kustomize` for the base and the production overlay', () => {
    for (const [name, dir] of [
      ['base', 'base'],
      ['production', 'overlays/production'],
    ] as const) {
      const output = execFileSync('kubectl', ['kustomize', join(workdir, dir)], { encoding: 'utf8' });
      const theirs = parseAllDocuments(output).map((doc) => doc.toJS() as K8sObject);
      const normalize = (objects: K8sObject[]) =>
        objects
          .map((object) =>
            object.kind === 'Secret' && object.data
              ? {
                  ...object,
                  data: Object.fromEntries(
                    Object.entries(object.data as Record<string, string>).map(([k, v]) => [
                      k,
                      v.replace(/\s/g, ''),
                    ]),
                  ),
                }
              : object,
          )
          .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
      const ours = normalize(renders[name]);
      const expected = normalize(theirs);
      expect(ours.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
        expected.map((o) => `${o.kind}/${o.metadata.name}`),
      );
      for (const [index, object] of ours.entries()) {
        expect(
          isDeepStrictEqual(object, expected[index]),
          `${name}: ${object.kind}/${object.metadata.name}`,
        ).toBe(true);
      }
    }
  });

  it.each(Object.entries(renders))(
    '%s: every object has a known kind, apiVersion, name and namespace',
    (_, objects) => {
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        expect(API_VERSIONS[object.kind], object.kind).toBe(object.apiVersion);
        expect(object.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        if (object.kind !== 'Namespace')
          expect(object.metadata.namespace, object.metadata.name).toBe('wildcat');
      }
      expect(find(objects, 'Namespace', 'wildcat')).toBeDefined();
      const keys = objects.map((object) => `${object.kind}/${object.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    },
  );
});

describe.each(Object.entries(renders))('%s manifests', (overlay, objects) => {
  describe.each(apps)('$app', ({ app, reads, portVariable }) => {
    const deployment = find<Deployment>(objects, 'Deployment', app);
    const pod = deployment.spec.template.spec;
    const container = pod.containers.find((candidate) => candidate.name === app)!;

    it('is a Deployment whose selector picks its own pods', () => {
      expect(pod.containers).toHaveLength(1);
      expect(container).toBeDefined();
      expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(
        true,
      );
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(1);
      for (const other of objects.filter((object) => object.kind === 'Deployment' && object !== deployment)) {
        const labels = (other as Deployment).spec.template.metadata.labels;
        expect(matches(deployment.spec.selector.matchLabels, labels), other.metadata.name).toBe(false);
      }
    });

    it("runs the app's image with the image's own entrypoint", () => {
      const [name, tag] = splitImage(container.image);
      expect(name).toMatch(new RegExp(`(^|/)${app}$`));
      expect(tag).toBeTruthy();
      if (overlay === 'production') expect(tag).not.toBe('latest');
      expect(container.command).toBeUndefined();
      expect(container.args).toBeUndefined();
    });

    it('sets every variable the app reads from the ConfigMap, the Secret and its env, with values it accepts', () => {
      const env = containerEnv(objects, container);
      expect(reads.filter((variable) => !(variable in env))).toEqual([]);
      expect(() => loadConfig(reads, env)).not.toThrow();
      for (const name of secretVariables) {
        if (reads.includes(name)) {
          const fromConfigMap = container.envFrom?.some((source) => {
            if (!source.configMapRef) return false;
            const data = find(objects, 'ConfigMap', source.configMapRef.name).data as Record<string, string>;
            return name in data;
          });
          expect(fromConfigMap, `${name} belongs in the Secret`).toBe(false);
        }
      }
    });

    it(`probes /healthz and /readyz on the port named by ${portVariable}`, () => {
      const port = Number(containerEnv(objects, container)[portVariable]);
      const byName = new Map((container.ports ?? []).map((entry) => [entry.name, entry.containerPort]));
      expect([...byName.values()]).toEqual([port]);
      const resolve = (value: string | number | undefined) =>
        typeof value === 'number' ? value : byName.get(value);
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(resolve(container.livenessProbe?.httpGet?.port)).toBe(port);
      expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(resolve(container.readinessProbe?.httpGet?.port)).toBe(port);
      if (container.startupProbe) expect(resolve(container.startupProbe.httpGet?.port)).toBe(port);
      const annotations = deployment.spec.template.metadata.annotations ?? {};
      expect(annotations['prometheus.io/port']).toBe(String(port));
      expect(annotations['prometheus.io/path']).toBe('/metrics');
    });

    it('has resource requests within limits', () => {
      for (const resource of ['cpu', 'memory']) {
        const request = parseQuantity(container.resources?.requests?.[resource]);
        const limit = parseQuantity(container.resources?.limits?.[resource]);
        expect(request, resource).toBeGreaterThan(0);
        expect(limit, resource).toBeGreaterThanOrEqual(request);
      }
    });

    it('runs non-root on a read-only root filesystem with /tmp on an emptyDir and no capabilities', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      expect(tmp).toBeDefined();
      expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
    });

    it('has a PodDisruptionBudget that selects its pods', () => {
      const pdb = find(objects, 'PodDisruptionBudget', app) as K8sObject & {
        spec: {
          selector: { matchLabels: Record<string, string> };
          minAvailable?: number;
          maxUnavailable?: number;
        };
      };
      expect(matches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
      if (pdb.spec.minAvailable !== undefined)
        expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
      else expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    });
  });

  it('gives the session worker more than its 10 s graceful shutdown before SIGKILL', () => {
    const pod = find<Deployment>(objects, 'Deployment', 'session-worker').spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(10);
    const gateway = find<Deployment>(objects, 'Deployment', 'gateway').spec.template.spec;
    const env = containerEnv(objects, gateway.containers[0]!);
    expect(gateway.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(Number(env.SEND_WAIT_TIMEOUT_MS));
  });

  it('routes Ingress → Service → gateway pods on the gateway port, and scales the gateway with an HPA', () => {
    const gateway = find<Deployment>(objects, 'Deployment', 'gateway');
    const service = find(objects, 'Service', 'gateway') as K8sObject & {
      spec: {
        selector: Record<string, string>;
        ports: Array<{ name: string; port: number; targetPort: string }>;
      };
    };
    expect(matches(service.spec.selector, gateway.spec.template.metadata.labels)).toBe(true);
    const containerPorts = gateway.spec.template.spec.containers[0]!.ports!.map((port) => port.name);
    for (const port of service.spec.ports) expect(containerPorts).toContain(port.targetPort);

    const ingress = find(objects, 'Ingress', 'gateway') as K8sObject & {
      spec: {
        rules: Array<{
          http: { paths: Array<{ backend: { service: { name: string; port: { name?: string } } } }> };
        }>;
      };
    };
    const backends = ingress.spec.rules.flatMap((rule) =>
      rule.http.paths.map((path) => path.backend.service),
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      expect(backend.name).toBe(service.metadata.name);
      expect(service.spec.ports.map((port) => port.name)).toContain(backend.port.name);
    }
    const annotations = (ingress.metadata.annotations ?? {}) as Record<string, string>;
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');

    const hpa = find(objects, 'HorizontalPodAutoscaler', 'gateway') as K8sObject & {
      spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
    };
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'gateway' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });
});

describe('production overlay', () => {
  const { base, production } = renders;

  it('pins one image tag for all three apps', () => {
    const tags = apps.map(
      ({ app }) =>
        splitImage(
          find<Deployment>(production, 'Deployment', app).spec.template.spec.containers[0]!.image,
        )[1],
    );
    expect(new Set(tags).size).toBe(1);
    expect(tags[0]).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(apps)('raises replicas and resources of $app', ({ app }) => {
    const before = find<Deployment>(base, 'Deployment', app);
    const after = find<Deployment>(production, 'Deployment', app);
    expect(after.spec.replicas).toBeGreaterThan(before.spec.replicas);
    const [baseContainer] = before.spec.template.spec.containers;
    const [prodContainer] = after.spec.template.spec.containers;
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        expect(parseQuantity(prodContainer!.resources?.[kind]?.[resource])).toBeGreaterThanOrEqual(
          parseQuantity(baseContainer!.resources?.[kind]?.[resource]),
        );
      }
    }
    // Patches merge into the container: probes and security survive.
    expect(prodContainer!.livenessProbe).toEqual(baseContainer!.livenessProbe);
    expect(prodContainer!.securityContext).toEqual(baseContainer!.securityContext);
  });

  it('replaces the development Secret with its secrets.env', () => {
    const secret = find(production, 'Secret', 'wildcat-secrets');
    expect(secret.stringData).toBeUndefined();
    expect(Object.keys(secret.data as object).sort()).toEqual([...secretVariables].sort());
  });
});
