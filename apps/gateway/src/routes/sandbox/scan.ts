import { NoPendingQrError, scanSandboxQr } from '@wildcat/wa-sandbox';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { requireAccount } from '../../services/require-account.js';
import { scanSchema } from './schema.js';

/** WA_ENGINE=sandbox only: "scan" the pending QR as a phone would, pairing the account. */
export default async function sandboxScanRoute(fastify: FastifyInstance) {
  if (fastify.config.WA_ENGINE !== 'sandbox') return;
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .post('/sandbox/accounts/:accountId/scan', { schema: scanSchema }, async (request) => {
      const { accountId } = request.params;
      await requireAccount(fastify.store, accountId);
      try {
        const { jid } = await scanSandboxQr(fastify.redis, accountId);
        return { ok: true as const, accountId, jid };
      } catch (error) {
        if (error instanceof NoPendingQrError)
          throw new HttpError(409, 'No QR code is waiting to be scanned');
        throw error;
      }
    });
}
