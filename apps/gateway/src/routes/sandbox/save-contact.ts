import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../errors/http-error.js';
import { liveAction } from '../../services/live-action.js';
import { requireAccount } from '../../services/require-account.js';
import { saveContactSchema } from './schema.js';

const PHONE_JID = /^\d{5,20}@s\.whatsapp\.net$/;

/**
 * WA_ENGINE=sandbox only: the account's phone saves `jid` as `name` in its address book and syncs
 * it to the linked account (as WhatsApp's app-state sync does), a control job on the owning worker.
 */
export default async function sandboxSaveContactRoute(fastify: FastifyInstance) {
  if (fastify.config.WA_ENGINE !== 'sandbox') return;
  fastify
    .withTypeProvider<ZodTypeProvider>()
    .put('/sandbox/accounts/:accountId/contacts/:jid', { schema: saveContactSchema }, async (request) => {
      const { accountId, jid } = request.params;
      const { name } = request.body;
      if (!PHONE_JID.test(jid))
        throw new HttpError(400, 'jid must be a phone number or …@s.whatsapp.net JID');
      await requireAccount(fastify.store, accountId);
      await liveAction(
        fastify,
        { accountId, action: 'sandbox-save-contact', jid, name },
        z.object({ saved: z.literal(true) }),
        'the address book',
      );
      return { ok: true as const, accountId, jid, name };
    });
}
