/**
 * Kubernetes strategic merge patch for the fields our manifests patch: maps merge key by key,
 * `null` deletes, lists of named things merge by their merge key, every other list is replaced
 * (as the API's atomic lists are).
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  env: 'name',
  envFrom: '',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isMap(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeKeyOf(field: string, items: Json[]): string | undefined {
  if (field === 'ports')
    return items.every((item) => isMap(item) && 'containerPort' in item) ? 'containerPort' : 'port';
  return MERGE_KEYS[field] || undefined;
}

function mergeList(field: string, base: Json[], patch: Json[]): Json[] {
  const key = mergeKeyOf(field, [...base, ...patch]);
  if (!key) return patch;
  const result = [...base];
  const added: Json[] = [];
  for (const item of patch) {
    if (!isMap(item)) return patch;
    const index = result.findIndex((existing) => isMap(existing) && existing[key] === item[key]);
    if (index >= 0) result[index] = mergeMap(result[index] as Record<string, Json>, item);
    else added.push(item);
  }
  // As kubectl kustomize renders it: items only the patch has come first, in the patch's order.
  return [...added, ...result];
}

function mergeMap(base: Record<string, Json>, patch: Record<string, Json>): Record<string, Json> {
  const result: Record<string, Json> = { ...base };
  for (const [field, value] of Object.entries(patch)) {
    const existing = result[field];
    if (value === null) delete result[field];
    else if (isMap(existing) && isMap(value)) result[field] = mergeMap(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value))
      result[field] = mergeList(field, existing, value);
    else result[field] = value;
  }
  return result;
}

export function strategicMerge<T>(base: T, patch: unknown): T {
  return mergeMap(structuredClone(base) as Record<string, Json>, patch as Record<string, Json>) as T;
}
