import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type K8sObject, kustomizeBuild } from '../lib/kustomize.js';
import { root } from './helpers.js';

// Render from a copy, where the production overlay gets its secrets.env from the example file.
export const workdir = mkdtempSync(join(tmpdir(), 'wildcat-k8s-'));
cpSync(`${root}deploy/k8s`, workdir, { recursive: true });
cpSync(
  join(workdir, 'overlays/production/secrets.env.example'),
  join(workdir, 'overlays/production/secrets.env'),
);

export const renders = {
  base: kustomizeBuild(join(workdir, 'base')),
  production: kustomizeBuild(join(workdir, 'overlays/production')),
  'redis-cluster': kustomizeBuild(join(workdir, 'overlays/redis-cluster')),
  'redis-sentinel': kustomizeBuild(join(workdir, 'overlays/redis-sentinel')),
};
export const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

export interface Container {
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

export interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  volumes?: Array<{ name: string; emptyDir?: unknown }>;
}

export interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: PodSpec;
    };
  };
}

export function find<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  return object as T;
}

export function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The environment a container starts with: envFrom ConfigMaps/Secrets, then env. */
export function containerEnv(objects: K8sObject[], container: Container): Record<string, string> {
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

/** Removes the rendering copy; call from one afterAll per test file. */
export function removeWorkdir(): void {
  rmSync(workdir, { recursive: true, force: true });
}
