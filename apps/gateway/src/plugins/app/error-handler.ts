import { ReplicationTimeoutError } from '@wildcat/redis-bus';
import { MediaTooLargeError } from '@wildcat/store';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { unavailableBackend } from '../../services/backend-errors.js';

export const RETRY_AFTER_SECONDS = 5;

/** Client messages for Fastify's own 4xx errors, by error code. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body cannot be empty when Content-Type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Malformed JSON body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_TYPE: 'Unsupported Content-Type',
  FST_REQ_FILE_TOO_LARGE: 'File is too large',
  FST_FILES_LIMIT: 'Only one file may be uploaded',
  FST_FIELDS_LIMIT: 'Too many form fields',
  FST_PARTS_LIMIT: 'Too many form parts',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'Content-Type must be multipart/form-data',
  FST_PROTO_VIOLATION: 'Invalid form field name',
  FST_ERR_VALIDATION: 'Invalid request',
};

type Issue = { keyword: string; message?: string };

/**
 * The schema's own messages are the client's: a missing or mistyped field ("to and message are
 * required") wins over a malformed one ("to must be a valid WhatsApp JID"), as the original
 * server checked presence first.
 */
export function validationMessage(issues: readonly Issue[]): string {
  const missing = issues.find((issue) => issue.keyword === 'invalid_type');
  return (missing ?? issues[0])?.message ?? 'Invalid request';
}

function send(reply: FastifyReply, status: number, body: Record<string, unknown>) {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return send(reply, 400, { ok: false, error: validationMessage(error.validation) });
  }
  if (error instanceof HttpError) {
    reply.headers(error.headers);
    return send(reply, error.statusCode, { ok: false, error: error.message, ...error.extra });
  }
  if (error instanceof MediaTooLargeError) {
    return send(reply, 413, { ok: false, error: FASTIFY_MESSAGES.FST_REQ_FILE_TOO_LARGE as string });
  }
  if (error instanceof ReplicationTimeoutError) {
    // Redis has the write (a send's job, an Idempotency-Key), only too few replicas confirmed it:
    // a retry with the same key finds it again, so it never goes out twice.
    reply.header('retry-after', '1');
    return send(reply, 503, {
      ok: false,
      error: `The send was not confirmed by enough Redis replicas in time (${error.acknowledged} of ${error.wanted}); retry it with the same Idempotency-Key`,
    });
  }
  const backend = unavailableBackend(error);
  if (backend) {
    request.log.warn({ err: error, backend }, 'backend unavailable');
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return send(reply, 503, { ok: false, error: `Service unavailable: ${backend} is unreachable` });
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = (error as FastifyError).code;
    const known = code ? FASTIFY_MESSAGES[code] : undefined;
    // A JSON parse failure is a SyntaxError carrying statusCode 400.
    const message =
      known ??
      (error instanceof SyntaxError ? FASTIFY_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY : error.message);
    return send(reply, status, { ok: false, error: message ?? 'Bad request' });
  }
  // Anything else is ours: log it whole, tell the client nothing about it.
  request.log.error({ err: error }, 'request failed');
  return send(reply, 500, { ok: false, error: 'internal_error' });
}

/** One error handler and one 404 for the whole API: always `{ ok: false, error }`, never a stack. */
export default fp(
  async function errorHandler(fastify: FastifyInstance) {
    fastify.setErrorHandler(handleError);
    fastify.setNotFoundHandler((request, reply) =>
      send(reply, 404, {
        ok: false,
        error: `Route ${request.method} ${request.url.split('?')[0]} not found`,
      }),
    );
  },
  { name: 'error-handler' },
);
