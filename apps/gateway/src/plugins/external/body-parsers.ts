import fastifyFormbody from '@fastify/formbody';
import { errorCodes, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The bodies real WILDCAT clients send, which the original Express server accepted: axios posts
 * `connect`/`disconnect` with a form or text/plain Content-Type and no body (or JSON with an empty
 * body), n8n and Zapier post forms. So: an empty body is no body under any Content-Type,
 * `application/x-www-form-urlencoded` is parsed like JSON's fields, and any other type with a
 * body is still 415 rather than a string handed to a schema.
 */
export default fp(
  async function bodyParsers(fastify: FastifyInstance) {
    await fastify.register(fastifyFormbody);
    const json = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser(['application/json', 'text/plain']);
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '') done(null, undefined);
      else json(request, body as string, done);
    });
    fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
      if ((body as Buffer).length === 0) done(null, undefined);
      else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined);
    });
  },
  { name: 'body-parsers' },
);
