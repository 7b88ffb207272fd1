import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import accessLog from './plugins/app/access-log.js';
import auth from './plugins/app/auth.js';
import bullBoard from './plugins/app/bull-board.js';
import errorHandler from './plugins/app/error-handler.js';
import metrics from './plugins/app/metrics.js';
import rateLimit from './plugins/app/rate-limit.js';
import revocations from './plugins/app/revocations.js';
import services, { type GatewayDeps } from './plugins/app/services.js';
import storedKeys from './plugins/app/stored-keys.js';
import bodyParsers from './plugins/external/body-parsers.js';
import multipart from './plugins/external/multipart.js';
import securityHeaders from './plugins/external/security-headers.js';
import swagger from './plugins/external/swagger.js';
import websocket from './plugins/external/websocket.js';
import { routes } from './routes/index.js';

export type { GatewayDeps };

/**
 * The WILDCAT gateway as one plugin: external plugins, then the app's own (errors, metrics,
 * services, auth, stored keys, revocations,
 * rate limit, Bull Board), then every route. server.ts builds an instance around it.
 */
export default fp(
  async function gatewayApp(fastify: FastifyInstance, deps: GatewayDeps) {
    const { config } = deps;
    // External: third-party plugins. Swagger first, so it sees every route registered after it.
    await fastify.register(securityHeaders, { corsOrigins: config.CORS_ORIGINS });
    await fastify.register(multipart, { maxUploadBytes: config.MAX_UPLOAD_BYTES });
    await fastify.register(websocket);
    await fastify.register(swagger);
    await fastify.register(bodyParsers);

    // App: error handling first so every later failure is `{ ok: false, error }`.
    await fastify.register(errorHandler);
    await fastify.register(accessLog);
    await fastify.register(metrics);
    await fastify.register(services, deps);
    await fastify.register(auth, { apiKeys: config.API_KEYS });
    await fastify.register(storedKeys);
    await fastify.register(revocations);
    // Before Bull Board and the routes: it hooks every route registered after it.
    await fastify.register(rateLimit);
    await fastify.register(bullBoard);

    for (const route of routes) await fastify.register(route);
  },
  { name: 'wildcat-gateway' },
);
