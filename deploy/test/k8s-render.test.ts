import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadConfig, REDIS_VARIABLES } from '@wildcat/config';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { secretVariables } from '../lib/deploy-env.js';
import { type K8sObject, splitImage } from '../lib/kustomize.js';
import { parseQuantity } from '../lib/quantity.js';
import { apps } from './helpers.js';
import { type Deployment, find, kubectl, removeWorkdir, renders, workdir } from './k8s-helpers.js';

afterAll(removeWorkdir);

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

describe('kustomize render', () => {
  it.skipIf(!kubectl)('matches `kubectl kustomize` for the base and the production overlay', () => {
    for (const [name, dir] of [
      ['base', 'base'],
      ['production', 'overlays/production'],
      ['redis-cluster', 'overlays/redis-cluster'],
      ['redis-sentinel', 'overlays/redis-sentinel'],
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

describe('Redis Cluster and Sentinel overlays', () => {
  const configOf = (objects: K8sObject[]) =>
    (find(objects, 'ConfigMap', 'wildcat-config')?.data ?? {}) as Record<string, string>;

  it.each([
    ['redis-cluster', 'REDIS_CLUSTER_NODES'],
    ['redis-sentinel', 'REDIS_SENTINELS'],
  ] as const)(
    '%s: production with only the Redis settings changed, which every process accepts',
    (name, variable) => {
      const production = renders.production;
      const overlay = renders[name];
      const config = configOf(overlay);
      const changed = Object.keys(config).filter((key) => config[key] !== configOf(production)[key]);
      expect(changed, 'what the overlay changes').toContain(variable);
      for (const key of changed) expect(REDIS_VARIABLES, key).toContain(key);
      const parsed = loadConfig(REDIS_VARIABLES, config);
      expect(parsed[variable].length, variable).toBeGreaterThan(0);
      // Everything but the ConfigMap is the production overlay as it is.
      const rest = (objects: K8sObject[]) => objects.filter((object) => object.kind !== 'ConfigMap');
      expect(rest(overlay)).toEqual(rest(production));
    },
  );
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
