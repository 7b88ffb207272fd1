import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { accountView } from '../../services/account-view.js';
import { liveStatus } from '../../services/live-status.js';
import { updateAccountSchema } from './profile-schema.js';

/**
 * PATCH /accounts/:accountId {name?, rejectCalls?}: settings stored on the account. The worker
 * reads rejectCalls at each incoming call, so it counts from the next call without a restart.
 */
export default async function accountSettingsRoute(fastify: FastifyInstance) {
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .patch('/accounts/:accountId', { schema: updateAccountSchema }, async (request) => {
      const { accountId } = request.params;
      const doc = await fastify.store.accounts.updateSettings(accountId, request.body);
      if (!doc) throw new HttpError(404, 'Account not found');
      return { ok: true as const, account: accountView(doc, await liveStatus(fastify.redis, accountId)) };
    });
}
