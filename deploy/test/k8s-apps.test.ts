import { loadConfig } from '@wildcat/config';
import { afterAll, describe, expect, it } from 'vitest';
import { secretVariables } from '../lib/deploy-env.js';
import { type K8sObject, splitImage } from '../lib/kustomize.js';
import { parseQuantity } from '../lib/quantity.js';
import { apps, shutdownDeadlineSeconds } from './helpers.js';
import { containerEnv, type Deployment, find, matches, removeWorkdir, renders } from './k8s-helpers.js';

afterAll(removeWorkdir);

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
      const env = containerEnv(objects, container);
      const port = Number(env[portVariable]);
      // The gateway's scrape goes to its metrics-only listener, which needs no API key.
      const metricsPort = app === 'gateway' ? Number(env.METRICS_PORT) : port;
      if (app === 'gateway') expect(metricsPort).toBeGreaterThan(0);
      const byName = new Map((container.ports ?? []).map((entry) => [entry.name, entry.containerPort]));
      expect([...byName.values()]).toEqual([...new Set([port, metricsPort])]);
      const resolve = (value: string | number | undefined) =>
        typeof value === 'number' ? value : byName.get(value);
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(resolve(container.livenessProbe?.httpGet?.port)).toBe(port);
      expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(resolve(container.readinessProbe?.httpGet?.port)).toBe(port);
      if (container.startupProbe) expect(resolve(container.startupProbe.httpGet?.port)).toBe(port);
      const annotations = deployment.spec.template.metadata.annotations ?? {};
      expect(annotations['prometheus.io/port']).toBe(String(metricsPort));
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

  it('gives the session worker more than its graceful shutdown deadline before SIGKILL', () => {
    const pod = find<Deployment>(objects, 'Deployment', 'session-worker').spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(shutdownDeadlineSeconds('session-worker'));
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
