import { type Config, loadConfig, loadConfigOrExit, REDIS_VARIABLES } from '@wildcat/config';

/** Every variable the webhook worker reads; main and tests load the same list. */
export const WORKER_VARIABLES = [
  'NODE_ENV',
  'LOG_LEVEL',
  ...REDIS_VARIABLES,
  'MONGODB_URL',
  'MONGODB_DB',
  'HEALTH_PORT',
  'HEALTH_HOST',
  'PORT_FILE',
  'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
  'WEBHOOK_ALLOWED_PORTS',
  'WEBHOOK_MAX_ATTEMPTS',
  'WEBHOOK_BACKOFF_BASE_MS',
  'WEBHOOK_BACKOFF_MAX_MS',
  'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_CONCURRENCY',
  'WEBHOOK_ENDPOINT_CONCURRENCY',
  'WEBHOOK_BREAKER_FAILURES',
  'WEBHOOK_BREAKER_COOLDOWN_MS',
  'WEBHOOK_LOCK_MS',
  'PUBLIC_BASE_URL',
] as const;

export type WorkerSettings = Config<(typeof WORKER_VARIABLES)[number]>;

export function loadWorkerSettings(env: Record<string, string | undefined> = process.env): WorkerSettings {
  return loadConfig(WORKER_VARIABLES, env);
}

export function loadWorkerSettingsOrExit(): WorkerSettings {
  return loadConfigOrExit(WORKER_VARIABLES);
}
