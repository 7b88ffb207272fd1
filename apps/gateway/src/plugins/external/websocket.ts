import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Live event routes (`/ws`) register with `{ websocket: true }`. */
export default fp(
  async function websocket(fastify: FastifyInstance) {
    await fastify.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  },
  { name: 'websocket' },
);
