import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const BULL_BOARD_PATH = '/admin/queues';

/** Bull Board over every queue (all shard queues included), behind the API key like any route. */
export default fp(
  async function bullBoard(fastify: FastifyInstance) {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    createBullBoard({
      queues: fastify.queues.all().map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'WILDCAT queues' } },
    });
    await fastify.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  },
  { name: 'bull-board', dependencies: ['services', 'auth'] },
);
