import { type VariableName, variables } from '@wildcat/config';
import { stringify } from 'yaml';

/**
 * Values for the docker-compose stack where the catalogue default is not right there: service
 * host names instead of 127.0.0.1, production mode.
 */
export const composeValues: Partial<Record<VariableName, string>> = {
  NODE_ENV: 'production',
  REDIS_URL: 'redis://redis:6379',
  MONGODB_URL: 'mongodb://mongo:27017',
  // One proxy hop that appends the client's address (nginx; the Ingress controller in Kubernetes):
  // the failed-auth throttle and the per-address stream cap must count the client, not the proxy.
  TRUST_PROXY: '1',
};

/**
 * Set per service by docker-compose.yml (the load balancer and healthchecks depend on them), so
 * .env lists them commented out.
 */
export const composeFixed: Partial<Record<VariableName, string>> = {
  PORT: 'fixed to 3000 per gateway service (nginx upstream and healthchecks use it)',
  HEALTH_PORT: 'fixed to 9464 per worker service (healthchecks use it)',
  REDIS_URL:
    'set by docker-compose.yml to redis://:$REDIS_PASSWORD@redis:6379 (the compose Redis asks for the password)',
  HEALTH_HOST: 'fixed to 127.0.0.1 per worker service (only its own healthcheck calls it)',
  WORKER_ID: 'set per session-worker service (session-worker-1, session-worker-2)',
};

/** Variables that compose refuses to start without (`${NAME:?...}`). */
export const composeRequired: readonly VariableName[] = ['API_KEYS'];

/** The catalogue default as the string one would write in a .env file ('' when none). */
export function defaultString(name: VariableName): string {
  const parsed = variables[name].schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return '';
  return Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data);
}

/** The value .env.example gives a variable for the compose stack. */
export function exampleValue(name: VariableName): string {
  return composeValues[name] ?? defaultString(name);
}

/** .env.example, rendered from the catalogue so the two cannot drift (`pnpm env:deploy`). */
export function renderEnvExample(): string {
  const lines = [
    '# Environment of the docker-compose stack: copy to .env and edit (`cp .env.example .env`).',
    '# Generated from packages/config/src/variables.ts by `pnpm env:deploy`; do not edit by hand.',
    '# An empty value means "unset" (the default applies).',
  ];
  for (const name of Object.keys(variables) as VariableName[]) {
    const spec = variables[name];
    lines.push(
      '',
      `# ${spec.description}`,
      `# Read by: ${spec.consumers.join(', ')}. Expects ${spec.expects}.`,
    );
    if (composeRequired.includes(name)) lines.push('# Required by docker-compose.yml.');
    const fixed = composeFixed[name];
    if (spec.consumers.every((consumer) => consumer === 'tools')) {
      lines.push('# Not read by the containers.', `# ${name}=${defaultString(name)}`);
    } else if (fixed) {
      lines.push(`# Not read from .env: ${fixed}.`, `# ${name}=${defaultString(name)}`);
    } else {
      lines.push(`${name}=${composeRequired.includes(name) ? '' : exampleValue(name)}`);
    }
  }
  lines.push(
    '',
    '# Password of the compose Redis (requirepass); docker-compose.yml puts it into every app’s',
    '# REDIS_URL. Required by docker-compose.yml: letters and digits (openssl rand -hex 32).',
    'REDIS_PASSWORD=',
    '',
    '# docker-compose.yml only (interpolation, not read by the processes):',
    '# WILDCAT_TAG=latest        image tag of the three app images',
    '# WILDCAT_HTTP_PORT=8080    host port of the nginx load balancer',
  );
  return `${lines.join('\n')}\n`;
}

/** Variables that the Kubernetes Secret holds instead of the ConfigMap. */
export const secretVariables: readonly VariableName[] = ['API_KEYS', 'MONGODB_URL', 'REDIS_URL'];

/** Set per container in the Deployments, next to the port or pod name they must agree with. */
export const perContainerVariables: readonly VariableName[] = [
  'PORT',
  'METRICS_PORT',
  'HEALTH_PORT',
  'WORKER_ID',
];

/** deploy/k8s/base/configmap.yaml: every variable a process reads, less secrets and per-container ones. */
export function renderConfigMap(): string {
  const data: Record<string, string> = {};
  for (const name of Object.keys(variables) as VariableName[]) {
    if (variables[name].consumers.every((consumer) => consumer === 'tools')) continue;
    if (secretVariables.includes(name) || perContainerVariables.includes(name)) continue;
    data[name] = exampleValue(name);
  }
  const doc = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'wildcat-config', labels: { 'app.kubernetes.io/part-of': 'wildcat' } },
    data,
  };
  return [
    '# Generated from packages/config/src/variables.ts by `pnpm env:deploy`; do not edit by hand.',
    '# Secrets (API_KEYS, MONGODB_URL, REDIS_URL: it holds the Redis password) are in secret.yaml;',
    '# PORT, METRICS_PORT, HEALTH_PORT and WORKER_ID are set per container in the Deployments.',
    '# Overlays patch values that differ per environment.',
    stringify(doc, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
  ].join('\n');
}
