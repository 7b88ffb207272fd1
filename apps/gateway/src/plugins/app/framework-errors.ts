import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Client messages for errors Fastify raises while routing, before any hook or handler. */
const MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'Malformed URL',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
  FST_ERR_ASYNC_CONSTRAINT: 'Bad request',
};

/**
 * Fastify's `frameworkErrors`: a malformed or overlong URL fails in the router, where the app's
 * error handler never sees it; without this the client got Fastify's own `{error,code,message}`
 * (found by the fuzz suite: a 300-character account id answered 414 in that shape).
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const body = { ok: false, error: MESSAGES[error.code] ?? 'Bad request' };
  reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
