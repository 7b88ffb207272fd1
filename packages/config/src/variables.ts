import { z } from 'zod';

/** Which processes read a variable; drives the docs/configuration.md table and the deploy manifest checks. */
export type Consumer = 'gateway' | 'session-worker' | 'webhook-worker' | 'tools';

export interface VariableSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** One line for the docs/configuration.md table: what it does and the accepted values. */
  description: string;
  /** What the parse error says the variable expects. */
  expects: string;
  consumers: readonly Consumer[];
}

const ALL: readonly Consumer[] = ['gateway', 'session-worker', 'webhook-worker'];
const WORKERS: readonly Consumer[] = ['session-worker', 'webhook-worker'];

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const list = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

function spec<S extends z.ZodType>(
  schema: S,
  description: string,
  expects: string,
  consumers: readonly Consumer[] = ALL,
): VariableSpec<S> {
  return { schema, description, expects, consumers };
}

/** The one catalogue of environment variables. Code reads settings only through `loadConfig`. */
export const variables = {
  NODE_ENV: spec(
    z.enum(['development', 'production', 'test']).default('development'),
    'Runtime mode.',
    'one of development, production, test',
  ),
  LOG_LEVEL: spec(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'pino log level.',
    'one of fatal, error, warn, info, debug, trace, silent',
  ),
  REDIS_URL: spec(
    z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    'Redis for queues, leases, status and event streams.',
    'a redis:// or rediss:// URL',
  ),
  MONGODB_URL: spec(
    z.url({ protocol: /^mongodb(\+srv)?$/ }).default('mongodb://127.0.0.1:27017'),
    'MongoDB server (the dev stack starts devdb when unset).',
    'a mongodb:// or mongodb+srv:// URL',
  ),
  MONGODB_DB: spec(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/)
      .default('wildcat'),
    'Database name.',
    'letters, digits, _ or -, at most 63 characters',
  ),
  MONGODB_TIMEOUT_MS: spec(
    int(2_000, 100),
    'How long the gateway waits to reach MongoDB before answering 503 (server selection and connect timeout).',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  SHARDS: spec(
    int(32, 1, 1024),
    'Number of account shards; must be the same on every process and never change on live data.',
    'an integer from 1 to 1024',
  ),
  WA_ENGINE: spec(
    z.enum(['baileys', 'sandbox']).default('baileys'),
    'WhatsApp engine: real Baileys, or the offline sandbox network in Redis.',
    'baileys or sandbox',
    ['gateway', 'session-worker'],
  ),
  WA_WEBSOCKET_URL: spec(
    z.url({ protocol: /^wss?$/ }).optional(),
    'Override of the WhatsApp WebSocket endpoint (tests point it at the local protocol peer).',
    'a ws:// or wss:// URL',
    ['session-worker'],
  ),
  HOST: spec(
    z.string().min(1).default('0.0.0.0'),
    'Gateway bind address (forced to 127.0.0.1 when API_KEYS is empty unless ALLOW_UNAUTHENTICATED is true).',
    'a host name or IP address',
    ['gateway'],
  ),
  PORT: spec(int(3000, 0, 65535), 'Gateway HTTP port.', 'a port number from 0 to 65535', ['gateway']),
  API_KEYS: spec(
    list(),
    'Comma-separated admin API keys; empty means no authentication (loopback only).',
    'a comma-separated list of keys',
    ['gateway'],
  ),
  ALLOW_UNAUTHENTICATED: spec(
    bool(false),
    'Allow binding to a non-loopback address without API keys.',
    'true or false',
    ['gateway'],
  ),
  CORS_ORIGINS: spec(
    list(),
    'Comma-separated origins allowed by CORS; empty disables CORS.',
    'a comma-separated list of origins',
    ['gateway'],
  ),
  BODY_LIMIT_BYTES: spec(
    int(1_048_576, 1024),
    'Largest JSON body accepted.',
    'a byte count of at least 1024',
    ['gateway'],
  ),
  MAX_UPLOAD_BYTES: spec(
    int(52_428_800, 1024),
    'Largest uploaded file accepted (50 MB).',
    'a byte count of at least 1024',
    ['gateway'],
  ),
  SEND_WAIT_TIMEOUT_MS: spec(
    int(30_000, 100),
    'How long a send waits for the worker before answering 504 with the messageId.',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  HEALTH_PORT: spec(
    int(0, 0, 65535),
    'Port of a worker health and metrics server (0 picks a free port).',
    'a port number from 0 to 65535',
    WORKERS,
  ),
  WORKER_ID: spec(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    'Stable worker identity in the lease registry (defaults to host name and pid).',
    'letters, digits, _ . or -, at most 64 characters',
    ['session-worker'],
  ),
  LEASE_TTL_MS: spec(
    int(10_000, 1_000),
    'Shard lease time to live; renewed every third of it. A dead worker’s shards move after this long.',
    'milliseconds, at least 1000',
    ['session-worker'],
  ),
  LEASE_TAKEOVER_GRACE_MS: spec(
    int(2_500).refine((value) => value === 0 || value >= 1_000, 'must be 0 or at least 1000'),
    'A worker whose Redis connection has been gone this long (its process died) loses its shards at once instead of after LEASE_TTL_MS; 0 waits for lease expiry only. A paused or cut-off worker keeps its connection and is never taken over early.',
    'milliseconds, 0 or at least 1000',
    ['session-worker'],
  ),
  SEND_RATE_PER_MINUTE: spec(
    int(60, 1),
    'Default per-account send rate (token bucket), overridable per account; the gateway derives the Retry-After of a full backlog from it.',
    'a positive integer',
    ['gateway', 'session-worker'],
  ),
  SEND_ACCOUNT_MAX_IN_FLIGHT: spec(
    int(4, 1, 1_000),
    'Send slots of a shard worker one account may hold at once; its further sends wait their turn in Redis, in order, so a paced account never takes the slots of the other accounts of its shard.',
    'an integer from 1 to 1000',
    ['session-worker'],
  ),
  SEND_ACCOUNT_MAX_BACKLOG: spec(
    int(1_000),
    'Accepted sends of one account that may wait unfinished; past it a send is answered 429 with Retry-After and the backlog size (0 turns the limit off).',
    'a non-negative integer',
    ['gateway'],
  ),
  SEND_MAX_RATE_WAIT_MS: spec(
    int(30_000, 0),
    'Longest a send waits for its account’s rate token; beyond it the send is answered 429 with retryAfterMs.',
    'milliseconds',
    ['session-worker'],
  ),
  SEND_HOLD_MS: spec(
    int(120_000, 0),
    'Longest an accepted send waits for its account while the account is moving between workers or reconnecting (desired state connected, no QR showing); past it the send fails with 409. A client waiting on it gets 504 with the messageId meanwhile, never a refusal.',
    'milliseconds',
    ['session-worker'],
  ),
  FFMPEG_PATH: spec(
    z.string().min(1).default('ffmpeg'),
    'ffmpeg binary used to turn voice notes into OGG/Opus.',
    'a path or command name',
    ['session-worker'],
  ),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: spec(
    bool(false),
    'Allow webhook URLs that resolve to loopback, private, link-local or metadata addresses.',
    'true or false',
    ['gateway', 'webhook-worker'],
  ),
  WEBHOOK_MAX_ATTEMPTS: spec(
    int(10, 1, 100),
    'Delivery attempts before dead-lettering.',
    'an integer from 1 to 100',
    ['webhook-worker'],
  ),
  WEBHOOK_BACKOFF_BASE_MS: spec(
    int(5_000, 1),
    'First retry delay (exponential, full jitter).',
    'milliseconds',
    ['webhook-worker'],
  ),
  WEBHOOK_BACKOFF_MAX_MS: spec(int(600_000, 1), 'Largest retry delay.', 'milliseconds', ['webhook-worker']),
  WEBHOOK_TIMEOUT_MS: spec(
    int(10_000, 100),
    'Connect and response timeout of one delivery.',
    'milliseconds, at least 100',
    ['webhook-worker'],
  ),
  WEBHOOK_CONCURRENCY: spec(
    int(50, 1),
    'Deliveries in flight per webhook-worker process.',
    'a positive integer',
    ['webhook-worker'],
  ),
  WEBHOOK_ENDPOINT_CONCURRENCY: spec(
    int(5, 1),
    'Deliveries in flight per endpoint (host).',
    'a positive integer',
    ['webhook-worker'],
  ),
  WEBHOOK_BREAKER_FAILURES: spec(
    int(5, 1),
    'Consecutive failures (timeouts, connection errors, 5xx) that open an endpoint’s circuit breaker.',
    'a positive integer',
    ['webhook-worker'],
  ),
  WEBHOOK_BREAKER_COOLDOWN_MS: spec(
    int(30_000, 100),
    'How long an open breaker reschedules an endpoint’s deliveries before one probe is let through.',
    'milliseconds, at least 100',
    ['webhook-worker'],
  ),
  WEBHOOK_LOCK_MS: spec(
    int(30_000, 1_000),
    'Job lock of the webhook worker; a crashed worker’s in-flight jobs run again after about this long.',
    'milliseconds, at least 1000',
    ['webhook-worker'],
  ),
  METRICS_ACCOUNT_LABELS: spec(
    bool(false),
    'Label metrics with account ids (unbounded cardinality; off by default).',
    'true or false',
  ),
  RATE_LIMIT_MAX: spec(
    int(6_000),
    'Requests one API key may make per RATE_LIMIT_WINDOW_MS, counted in Redis across every gateway (0 turns the limit off; an open gateway without keys is not limited).',
    'a non-negative integer',
    ['gateway'],
  ),
  RATE_LIMIT_WINDOW_MS: spec(
    int(60_000, 1_000),
    'Window of the per-key rate limit; a key over its limit gets 429 with Retry-After.',
    'milliseconds, at least 1000',
    ['gateway'],
  ),
  AUTH_FAILURES_MAX: spec(
    int(20),
    'Wrong API keys one client address may present per AUTH_FAILURES_WINDOW_MS, counted in Redis across every gateway; past it the address gets 429 with Retry-After before any key lookup (0 turns the throttle off).',
    'a non-negative integer',
    ['gateway'],
  ),
  AUTH_FAILURES_WINDOW_MS: spec(
    int(60_000, 1_000),
    'Window of the failed-authentication throttle per client address.',
    'milliseconds, at least 1000',
    ['gateway'],
  ),
  TRUST_PROXY: spec(
    z
      .string()
      .default('false')
      .transform((value): boolean | number | string[] => {
        const trimmed = value.trim();
        if (trimmed === '' || trimmed === 'false') return false;
        if (trimmed === 'true') return true;
        if (/^\d+$/.test(trimmed)) return Number(trimmed);
        return trimmed
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
      }),
    'Which X-Forwarded-For address is the client (rate limits and the failed-authentication throttle count it): false = the connection’s address; true = the left-most (only behind a proxy that overwrites the header); a number = that many proxy hops; or a comma-separated list of trusted proxy addresses/CIDRs.',
    'false, true, a hop count, or comma-separated addresses/CIDRs',
    ['gateway'],
  ),
  API_KEY_CACHE_MS: spec(
    int(5_000, 0, 60_000),
    'How long a gateway remembers a stored key’s lookup. A revocation reaches every gateway at once over Redis pub/sub; a gateway that missed the message (Redis reconnecting) forgets the key and ends its streams within this long.',
    'milliseconds from 0 to 60000',
    ['gateway'],
  ),
  HTTP_HEADERS_TIMEOUT_MS: spec(
    int(20_000, 100),
    'Time a client has to send its request headers before the connection is closed (slow-client guard).',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  HTTP_REQUEST_TIMEOUT_MS: spec(
    int(300_000, 100),
    'Time a client has to send its whole request, upload included, before the gateway answers 408.',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  PORT_FILE: spec(
    z.string().min(1).optional(),
    'A file the process writes the port it listens on to (the gateway its API port, a worker its health port), once listening: the dev stack starts processes on port 0 and reads it instead of guessing a free port.',
    'a file path',
  ),
  CONSOLE_DIR: spec(
    z.string().min(1).optional(),
    'Folder of the built operator console served at /console (default: the build that `pnpm install` makes, or dist/console beside a bundled gateway).',
    'a folder path',
    ['gateway'],
  ),
  FUZZ_RUNS: spec(
    int(10_000, 1),
    'Requests the gateway fuzz suite generates (CI runs 10,000).',
    'a positive integer',
    ['tools'],
  ),
  FUZZ_SEED: spec(
    int(20_251_108),
    'Seed of the gateway fuzz suite; a failure prints the seed and path that reproduce it.',
    'an integer',
    ['tools'],
  ),
  DATA_DIR: spec(
    z.string().min(1).default('data'),
    '`pnpm start`: folder for devdb data, the private Redis and the API key (relative to the repository); one stack at a time per folder.',
    'a folder path',
    ['tools'],
  ),
  REDIS_SERVER_BIN: spec(
    z.string().min(1).default('redis-server'),
    'redis-server binary that tests and the dev stack start privately.',
    'a path or command name',
    ['tools'],
  ),
  WA_PEER_LOG: spec(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('silent'),
    'Log level of the Baileys client in the local WhatsApp protocol peer tests.',
    'one of fatal, error, warn, info, debug, trace, silent',
    ['tools'],
  ),
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;
