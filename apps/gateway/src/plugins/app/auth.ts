import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors/http-error.js';
import { createAuthFailureThrottle } from '../../services/auth/auth-failures.js';
import {
  type ConsoleSessions,
  createConsoleSessions,
  sessionIdFromCookie,
} from '../../services/auth/console-sessions.js';
import type { KeyResolver, Principal } from '../../services/auth/principal.js';
import { assertRouteAccess, type RouteAccess } from '../../services/auth/route-access.js';
import { chainResolvers, createStaticKeyResolver } from '../../services/auth/static-keys.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Key → principal; extend with `addKeyResolver` (e.g. hashed, account-scoped keys in MongoDB). */
    resolveKey: KeyResolver;
    addKeyResolver(resolver: KeyResolver): void;
    /** False when no key is configured: the gateway then binds to loopback only. */
    authRequired(): boolean;
    /** Bull Board browser sessions opened by the console (routes/console-session.ts). */
    consoleSessions: ConsoleSessions;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Open without an API key: /ping, /healthz, /readyz and the docs. */
    public?: boolean;
    /** What an account-scoped key may do here (services/auth/route-access.ts). */
    access?: RouteAccess;
  }
}

const UNAUTHORIZED = 'Unauthorized';

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  return undefined;
}

// Bull Board is the one place a session cookie is accepted: a browser tab cannot send the key.
const isBullBoard = (url: string) => url === '/admin/queues' || /^\/admin\/queues[/?]/.test(url);

/**
 * An admin principal from the console's session cookie, only on Bull Board's paths, and only while
 * the admin key that opened the session still exists (a revoked key's session ends with it).
 */
async function cookiePrincipal(
  request: FastifyRequest,
  sessions: ConsoleSessions,
  keyExists: (keyId: string) => Promise<boolean>,
): Promise<Principal | undefined> {
  if (!isBullBoard(request.url)) return undefined;
  const id = sessionIdFromCookie(request.headers.cookie);
  const keyId = id ? await sessions.keyIdOf(id) : undefined;
  return keyId && (await keyExists(keyId)) ? { kind: 'admin', keyId } : undefined;
}

/** Ids of keys stored through /admin/keys; API_KEYS keys are `env-<n>` and last as long as the process. */
const STORED_KEY_ID = /^[0-9a-f]{24}$/;

const isDocs = (path: string) => path === '/docs' || path.startsWith('/docs/');

function isPublic(request: FastifyRequest): boolean {
  const { url: route, config } = request.routeOptions;
  if (config?.public === true) return true;
  // The route pattern when one matched (no URL parsing per request); the raw path for a 404.
  return route !== undefined ? isDocs(route) : isDocs(request.url.split('?')[0] ?? '');
}

/**
 * Every route except the public ones needs `X-API-Key` or `Authorization: Bearer` once any key
 * exists (API_KEYS or a resolver added later). 401 `{ ok: false, error: "Unauthorized" }`.
 */
export default fp(
  async function auth(fastify: FastifyInstance, options: { apiKeys: readonly string[] }) {
    const resolvers: KeyResolver[] = [];
    if (options.apiKeys.length > 0) resolvers.push(createStaticKeyResolver(options.apiKeys));
    let resolveKey = chainResolvers(resolvers);
    const { config } = fastify;
    const failures = createAuthFailureThrottle(
      fastify.redis,
      config.AUTH_FAILURES_MAX,
      config.AUTH_FAILURES_WINDOW_MS,
    );

    fastify.decorate('resolveKey', (key: string) => resolveKey(key));
    fastify.decorate('addKeyResolver', (resolver: KeyResolver) => {
      resolvers.push(resolver);
      resolveKey = chainResolvers(resolvers);
    });
    fastify.decorate('authRequired', () => resolvers.length > 0);
    fastify.decorate('consoleSessions', createConsoleSessions(fastify.redis));
    fastify.decorateRequest('principal', null);
    // One MongoDB read per Bull Board request with a cookie: a browser tab's pace, not the API's.
    const adminKeyExists = async (keyId: string) =>
      !STORED_KEY_ID.test(keyId) || (await fastify.store.apiKeys.get(keyId))?.accountId === null;

    fastify.addHook('onRequest', async (request) => {
      if (resolvers.length === 0) {
        request.principal = { kind: 'anonymous' };
        return;
      }
      if (isPublic(request)) return;
      const key = presentedKey(request);
      if (key) {
        const blockedMs = await failures.blockedFor(request.ip);
        if (blockedMs > 0) {
          const seconds = Math.ceil(blockedMs / 1_000);
          throw new HttpError(
            429,
            `Too many wrong API keys from this address; retry in ${seconds} s`,
            {},
            { 'retry-after': String(seconds) },
          );
        }
      }
      const principal = key
        ? await resolveKey(key)
        : await cookiePrincipal(request, fastify.consoleSessions, adminKeyExists);
      if (key && !principal) await failures.record(request.ip);
      if (!principal) throw new HttpError(401, UNAUTHORIZED, {}, { 'www-authenticate': 'Bearer' });
      request.principal = principal;
      assertRouteAccess(request, request.routeOptions.config?.access);
    });
  },
  { name: 'auth', dependencies: ['services'] },
);
