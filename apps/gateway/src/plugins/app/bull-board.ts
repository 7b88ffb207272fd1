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
    const bullBoardPlugin = serverAdapter.registerPlugin();
    await fastify.register(
      async (scope, options) => {
        // Bull Board installs an error handler of its own, which answered the auth hook's 401 as
        // `{error:{key},message}` (found by the fuzz suite): keep the app's `{ ok: false, error }`.
        (scope as { setErrorHandler: unknown }).setErrorHandler = () => scope;
        const register = bullBoardPlugin as unknown as (
          instance: FastifyInstance,
          opts: typeof options,
          done: (error?: Error) => void,
        ) => void;
        await new Promise<void>((resolve, reject) =>
          register(scope, options, (error) => (error ? reject(error) : resolve())),
        );
      },
      { prefix: BULL_BOARD_PATH },
    );
  },
  { name: 'bull-board', dependencies: ['services', 'auth'] },
);
