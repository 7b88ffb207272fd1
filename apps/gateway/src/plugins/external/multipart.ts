import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Stream mode only: routes read parts one by one and pipe the file into GridFS. */
export default fp(
  async function multipart(fastify: FastifyInstance, options: { maxUploadBytes: number }) {
    await fastify.register(fastifyMultipart, {
      limits: {
        fileSize: options.maxUploadBytes,
        files: 1,
        fields: 20,
        parts: 21,
        fieldSize: 256 * 1024,
        headerPairs: 100,
      },
    });
  },
  { name: 'multipart' },
);
