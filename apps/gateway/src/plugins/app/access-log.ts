import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One access-log line per request, written when the answer is sent. Fastify's own request
 * logging writes two per request ("incoming request", "request completed"): twice the noise in
 * a terminal and twice the serialisation on the hottest path.
 */
export default fp(
  async function accessLog(fastify: FastifyInstance) {
    fastify.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          url: request.url,
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
      done();
    });
  },
  { name: 'access-log' },
);
