import { pairingCodeResultSchema } from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { jobFailure } from '../../services/job-failure.js';
import { requireAccount } from '../../services/require-account.js';
import { pairingCodeSchema } from './connection-schema.js';

/** POST /accounts/:accountId/pairing-code {phone}: the owning worker asks WhatsApp for a code. */
export default async function pairingCodeRoute(fastify: FastifyInstance) {
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .post('/accounts/:accountId/pairing-code', { schema: pairingCodeSchema }, async (request) => {
      const { accountId } = request.params;
      await requireAccount(fastify.store, accountId);
      await fastify.store.accounts.setDesiredState(accountId, 'connected');
      const { result } = await fastify.control.enqueue(
        { accountId, action: 'pairing-code', phone: request.body.phone },
        { waitMs: fastify.config.SEND_WAIT_TIMEOUT_MS },
      );
      if (!result) throw new HttpError(504, 'Timed out waiting for the pairing code');
      if (!result.ok) throw jobFailure(result);
      const parsed = pairingCodeResultSchema.safeParse(result.data);
      if (!parsed.success) throw new HttpError(502, 'No pairing code was returned');
      return { ok: true as const, accountId, code: parsed.data.code };
    });
}
