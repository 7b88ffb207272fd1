import { sandboxCallResultSchema } from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { liveAction } from '../../services/live-action.js';
import { requireAccount } from '../../services/require-account.js';
import { callSchema } from './schema.js';

/**
 * WA_ENGINE=sandbox only: sandbox account `:accountId` calls another sandbox account, whose
 * worker then sees an incoming call (the `call` event; rejected at once under rejectCalls).
 */
export default async function sandboxCallRoute(fastify: FastifyInstance) {
  if (fastify.config.WA_ENGINE !== 'sandbox') return;
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .post('/sandbox/accounts/:accountId/call', { schema: callSchema }, async (request) => {
      const { accountId } = request.params;
      const { to, isVideo } = request.body;
      await requireAccount(fastify.store, accountId);
      const { callId } = await liveAction(
        fastify,
        { accountId, action: 'sandbox-call', to, isVideo: isVideo ?? false },
        sandboxCallResultSchema,
        'the sandbox call',
      );
      return { ok: true as const, accountId, to, callId };
    });
}
