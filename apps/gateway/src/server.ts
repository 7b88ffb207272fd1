import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import gatewayApp, { type GatewayDeps } from './app.js';
import type { GatewayConfig } from './config.js';
import { frameworkErrors } from './plugins/app/framework-errors.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface BuildOptions {
  /** false for silence; a stream to capture the logs (tests). Level comes from LOG_LEVEL. */
  logger?: false | { stream: DestinationStream };
}

/** Secrets never reach the logs, whatever a serializer or a handler puts there. */
const REDACT = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-api-key"]',
  'headers.authorization',
  '*.secret',
  '*.apiKey',
];

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest n proxies". */
function trustProxy(setting: boolean | number | string[]) {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

export async function buildServer(deps: GatewayDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  // A captured stream (tests) gets the same level and redaction as production, so a log test
  // checks what production would write.
  const logger =
    options.logger === false
      ? false
      : {
          level: config.LOG_LEVEL,
          redact: { paths: REDACT, censor: '[redacted]' },
          ...(options.logger ? { stream: options.logger.stream } : {}),
        };
  const app = Fastify({
    logger,
    // plugins/app/access-log.ts writes one line per request instead of Fastify's two; at debug
    // and trace Fastify's own (with the request's details) are kept as well.
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    // Which X-Forwarded-For address counts as the client (rate limit, failed-auth throttle).
    trustProxy: trustProxy(config.TRUST_PROXY),
    // Slow or stalled clients cannot hold a connection forever: headers must arrive within
    // HTTP_HEADERS_TIMEOUT_MS (slowloris), the whole request (uploads included) within
    // HTTP_REQUEST_TIMEOUT_MS (408), and an idle keep-alive connection closes after 72 s
    // (longer than the usual 60 s of load balancers, so they close first).
    connectionTimeout: 0,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: 72_000,
    http: {
      headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
      // Node enforces both timeouts on this tick (default 30 s, far coarser than the timeouts).
      connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS),
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    return503OnClosing: true,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(gatewayApp, deps);
  await app.ready();
  return app;
}

/**
 * Without API keys the API is open, so it listens on loopback only unless ALLOW_UNAUTHENTICATED
 * says otherwise. Resolves the address it listens on.
 */
export function bindHost(config: Pick<GatewayConfig, 'HOST' | 'API_KEYS' | 'ALLOW_UNAUTHENTICATED'>): {
  host: string;
  warning?: string;
} {
  if (config.API_KEYS.length > 0 || config.ALLOW_UNAUTHENTICATED || LOOPBACK.has(config.HOST)) {
    const warning =
      config.API_KEYS.length === 0
        ? 'no API_KEYS set: every route is open to anyone who can connect'
        : undefined;
    return { host: config.HOST, warning };
  }
  return {
    host: '127.0.0.1',
    warning: `no API_KEYS set: listening on 127.0.0.1 instead of ${config.HOST} (set API_KEYS, or ALLOW_UNAUTHENTICATED=true to expose an open API)`,
  };
}

export async function startServer(app: FastifyInstance, config: GatewayConfig): Promise<string> {
  const { host, warning } = bindHost(config);
  if (warning) app.log.warn(warning);
  return app.listen({ host, port: config.PORT });
}
