import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseDotenv } from './dotenv.js';
import { strategicMerge } from './strategic-merge.js';

/** One Kubernetes object as a kustomize build prints it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> } & Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * The kustomization fields this renderer implements, with kustomize's semantics. No kustomize
 * build ships on the npm registry, so the tests render with this and, where `kubectl` is on the
 * PATH, compare against `kubectl kustomize`. A field outside this list fails the render rather
 * than being silently ignored.
 */
const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'replicas',
  'patches',
  'secretGenerator',
]);

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'PriorityClass',
]);

interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path: string }>;
  secretGenerator?: Array<{
    name: string;
    behavior?: 'create' | 'replace' | 'merge';
    envs?: string[];
    literals?: string[];
    options?: { disableNameSuffixHash?: boolean };
  }>;
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

function sameObject(a: K8sObject, b: { kind: string; metadata: { name: string } }): boolean {
  return a.kind === b.kind && a.metadata.name === b.metadata.name;
}

function generateSecrets(dir: string, generators: NonNullable<Kustomization['secretGenerator']>) {
  return generators.map((generator) => {
    if (!generator.options?.disableNameSuffixHash) {
      throw new Error(`secretGenerator ${generator.name}: only disableNameSuffixHash: true is rendered`);
    }
    const pairs: Array<[string, string]> = [];
    for (const file of generator.envs ?? [])
      pairs.push(...parseDotenv(readFileSync(join(dir, file), 'utf8')));
    for (const literal of generator.literals ?? []) {
      const at = literal.indexOf('=');
      pairs.push([literal.slice(0, at), literal.slice(at + 1)]);
    }
    const data = Object.fromEntries(
      pairs.map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    );
    const secret: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: generator.name },
      type: 'Opaque',
      data,
    };
    return { secret, behavior: generator.behavior ?? 'create' };
  });
}

function podSpecs(object: K8sObject): Array<Record<string, unknown>> {
  const spec = object.spec as { template?: { spec?: Record<string, unknown> } } | undefined;
  return spec?.template?.spec ? [spec.template.spec] : [];
}

function setImages(objects: K8sObject[], images: NonNullable<Kustomization['images']>) {
  for (const object of objects) {
    for (const pod of podSpecs(object)) {
      for (const key of ['containers', 'initContainers']) {
        for (const container of (pod[key] as Array<{ image: string }> | undefined) ?? []) {
          const [name, tag] = splitImage(container.image);
          const rule = images.find((image) => image.name === name);
          if (!rule) continue;
          container.image = `${rule.newName ?? name}:${rule.newTag ?? tag ?? 'latest'}`;
          if (!rule.newTag && !tag) container.image = rule.newName ?? name;
        }
      }
    }
  }
}

/** `repo/name:tag` → [`repo/name`, `tag`]; a registry port is not a tag. */
export function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  if (at > image.lastIndexOf('/')) return [image.slice(0, at), image.slice(at + 1)];
  return [image, undefined];
}

/** Renders the kustomization in `dir` (recursively through its resources) like `kustomize build`. */
export function kustomizeBuild(dir: string): K8sObject[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0)
    throw new Error(`${dir}/kustomization.yaml: unsupported fields ${unknown.join(', ')}`);

  const objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? kustomizeBuild(path) : readObjects(path)));
  }

  for (const { secret, behavior } of generateSecrets(dir, kustomization.secretGenerator ?? [])) {
    const index = objects.findIndex((object) => sameObject(object, secret));
    if (behavior === 'create') {
      if (index >= 0) throw new Error(`secretGenerator ${secret.metadata.name} already exists`);
      objects.push(secret);
    } else {
      const base = objects[index];
      if (!base) throw new Error(`secretGenerator ${secret.metadata.name}: nothing to ${behavior}`);
      // kustomize keeps the base object's labels, annotations and namespace.
      secret.metadata = { ...base.metadata, name: secret.metadata.name };
      if (behavior === 'merge') secret.data = { ...(base.data as object), ...(secret.data as object) };
      objects[index] = secret;
    }
  }

  for (const patch of kustomization.patches ?? []) {
    for (const doc of readObjects(join(dir, patch.path))) {
      const index = objects.findIndex((object) => sameObject(object, doc));
      if (index < 0) throw new Error(`patch ${patch.path}: no ${doc.kind} ${doc.metadata.name} to patch`);
      objects[index] = strategicMerge(objects[index], doc) as K8sObject;
    }
  }

  setImages(objects, kustomization.images ?? []);

  for (const rule of kustomization.replicas ?? []) {
    const target = objects.find(
      (object) =>
        ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind) &&
        object.metadata.name === rule.name,
    );
    if (!target) throw new Error(`replicas: no workload named ${rule.name}`);
    (target.spec as { replicas?: number }).replicas = rule.count;
  }

  if (kustomization.namespace) {
    for (const object of objects) {
      if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
    }
  }
  return objects;
}
