import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { consoleDistDir } from '@wildcat/console';
import type { FastifyInstance, FastifyReply } from 'fastify';

// The page loads only its own script and stylesheet (no inline code), shows QR codes from blob:
// URLs and talks to this origin only.
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The operator console (`@wildcat/console`) at /console: static files built at build time. Open
 * without the API key, because the page holds no data; every API call it makes carries the key
 * the user typed. Encapsulated (no fastify-plugin) so its hooks touch only these routes.
 */
export default async function consoleRoutes(fastify: FastifyInstance) {
  fastify.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('referrer-policy', 'no-referrer');
    // Revalidate on every load (ETag), so a new build is picked up at once.
    reply.header('cache-control', 'no-cache');
    return payload;
  });

  const dir = fastify.config.CONSOLE_DIR ?? consoleDistDir();
  const notBuilt = (reply: FastifyReply) =>
    reply.code(503).send({
      ok: false,
      error: 'The console is not built yet: run pnpm install (or pnpm --filter @wildcat/console build)',
    });
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    decorateReply: false,
    cacheControl: false,
    index: ['index.html'],
  });
  // Browsers ask for it on every page: answer without the key (no icon, nothing logged as a 401).
  fastify.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.code(204).send());
  // /console without the slash: the same page (its asset URLs are absolute, /console/app.js).
  // Read on every request: a build that lands after the gateway started is served at once.
  fastify.get('/console', { schema: { hide: true } }, async (_request, reply) => {
    // No readable page means no build: the 503 below says how to make one.
    const page = await readFile(join(dir, 'index.html')).catch(() => undefined);
    if (!page) return notBuilt(reply);
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
