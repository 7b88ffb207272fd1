import { sandboxScanResultSchema } from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { jobFailure } from '../../services/job-failure.js';
import { requireAccount } from '../../services/require-account.js';
import { scanSchema } from './schema.js';

/**
 * WA_ENGINE=sandbox only: "scan" the pending QR as a phone would, pairing the account. The
 * owning worker's engine plays the phone (a control job), as every other session action does.
 */
export default async function sandboxScanRoute(fastify: FastifyInstance) {
  if (fastify.config.WA_ENGINE !== 'sandbox') return;
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .post('/sandbox/accounts/:accountId/scan', { schema: scanSchema }, async (request) => {
      const { accountId } = request.params;
      const { pushName, business } = request.body ?? {};
      await requireAccount(fastify.store, accountId);
      const { result } = await fastify.control.enqueue(
        {
          accountId,
          action: 'sandbox-scan',
          ...(pushName !== undefined ? { pushName } : {}),
          ...(business !== undefined ? { business } : {}),
        },
        { waitMs: fastify.config.SEND_WAIT_TIMEOUT_MS },
      );
      if (!result) throw new HttpError(504, 'Timed out waiting for the sandbox phone to scan');
      if (!result.ok) throw jobFailure(result);
      const parsed = sandboxScanResultSchema.safeParse(result.data);
      if (!parsed.success) throw new HttpError(502, 'The sandbox phone returned no JID');
      return { ok: true as const, accountId, jid: parsed.data.jid };
    });
}
