import type { Config } from '@wildcat/config';

/** Every variable the gateway reads; main.ts loads exactly these. */
export const GATEWAY_VARIABLES = [
  'NODE_ENV',
  'LOG_LEVEL',
  'REDIS_URL',
  'MONGODB_URL',
  'MONGODB_DB',
  'MONGODB_TIMEOUT_MS',
  'SHARDS',
  'WA_ENGINE',
  'HOST',
  'PORT',
  'API_KEYS',
  'ALLOW_UNAUTHENTICATED',
  'CORS_ORIGINS',
  'BODY_LIMIT_BYTES',
  'MAX_UPLOAD_BYTES',
  'SEND_WAIT_TIMEOUT_MS',
  'SEND_RATE_PER_MINUTE',
  'SEND_ACCOUNT_MAX_BACKLOG',
  'METRICS_ACCOUNT_LABELS',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_MS',
  'API_KEY_CACHE_MS',
  'AUTH_FAILURES_MAX',
  'AUTH_FAILURES_WINDOW_MS',
  'TRUST_PROXY',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'CONSOLE_DIR',
  'PORT_FILE',
] as const;

export type GatewayConfig = Config<(typeof GATEWAY_VARIABLES)[number]>;
