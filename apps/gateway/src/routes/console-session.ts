import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CONSOLE_SESSION_TTL_SECONDS,
  sessionCookies,
  sessionIdFromCookie,
} from '../services/auth/console-sessions.js';
import { errors, okFlag } from './common-schema.js';

const okSchema = z.object({ ok: okFlag });

/**
 * POST /console/session (admin key in the header) → an HttpOnly session cookie that opens Bull
 * Board in a browser tab, where no header can be sent; the key itself never leaves the page.
 * DELETE /console/session ends it (open: signing out needs only the cookie).
 */
export default async function consoleSessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/console/session',
    {
      config: { access: 'admin' },
      schema: {
        hide: true,
        response: { 200: okSchema, ...errors(401, 403, 503) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      // An open gateway (no keys) needs no session: Bull Board is open like every route.
      if (principal?.kind === 'admin') {
        const id = await fastify.consoleSessions.open(principal.keyId);
        reply.header(
          'set-cookie',
          sessionCookies(id, CONSOLE_SESSION_TTL_SECONDS, request.protocol === 'https'),
        );
      }
      return { ok: true as const };
    },
  );

  app.delete(
    '/console/session',
    { config: { public: true }, schema: { hide: true, response: { 200: okSchema, ...errors(503) } } },
    async (request, reply) => {
      const id = sessionIdFromCookie(request.headers.cookie);
      if (id) await fastify.consoleSessions.close(id);
      reply.header('set-cookie', sessionCookies('', 0, request.protocol === 'https'));
      return { ok: true as const };
    },
  );
}
