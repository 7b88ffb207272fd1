import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pingSchema } from './schema.js';

export default async function pingRoute(fastify: FastifyInstance) {
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .get('/ping', { schema: pingSchema, config: { public: true } }, async () => ({
      ok: true as const,
      pong: true as const,
      time: new Date().toISOString(),
    }));
}
