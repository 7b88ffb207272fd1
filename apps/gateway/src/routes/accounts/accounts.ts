import { clearStatus } from '@wildcat/redis-bus';
import { AccountExistsError } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { scopedAccounts } from '../../services/account-scope.js';
import { accountView } from '../../services/account-view.js';
import { liveStatus, liveStatuses } from '../../services/live-status.js';
import { requireAccount } from '../../services/require-account.js';
import { createAccountSchema, deleteAccountSchema, getAccountSchema, listAccountsSchema } from './schema.js';

/** POST/GET /accounts, GET/DELETE /accounts/:accountId. */
export default async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, redis, control } = fastify;

  app.post('/accounts', { schema: createAccountSchema }, async (request, reply) => {
    const { id, name } = request.body;
    let doc: Awaited<ReturnType<typeof store.accounts.create>>;
    try {
      doc = await store.accounts.create({ id, name });
    } catch (error) {
      if (error instanceof AccountExistsError) throw new HttpError(400, 'Account already exists');
      throw error;
    }
    try {
      await control.enqueue({ accountId: id, action: 'connect' });
    } catch (error) {
      // Without its connect job the account would sit idle: undo, so the client can simply retry.
      await store.accounts
        .remove(id)
        .catch((undoError: unknown) =>
          request.log.warn(
            { err: undoError, accountId: id },
            'could not undo the account without its connect job',
          ),
        );
      throw error;
    }
    reply.code(201);
    const account = accountView(doc, undefined);
    return {
      ok: true as const,
      account: { ...account, status: 'connecting' as const, currentStatus: 'connecting' as const },
    };
  });

  // A scoped key lists its own accounts only.
  app.get('/accounts', { schema: listAccountsSchema, config: { access: 'self' } }, async (request) => {
    const scope = scopedAccounts(request);
    const docs = (await store.accounts.list()).filter((doc) => !scope || scope.has(doc._id));
    const live = await liveStatuses(
      redis,
      docs.map((doc) => doc._id),
    );
    return { ok: true as const, accounts: docs.map((doc) => accountView(doc, live.get(doc._id))) };
  });

  app.get('/accounts/:accountId', { schema: getAccountSchema }, async (request) => {
    const doc = await requireAccount(store, request.params.accountId);
    return { ok: true as const, account: accountView(doc, await liveStatus(redis, doc._id)) };
  });

  // Deleting wipes the account's data and keys: admins only.
  app.delete(
    '/accounts/:accountId',
    { schema: deleteAccountSchema, config: { access: 'admin' } },
    async (request) => {
      const { accountId } = request.params;
      await requireAccount(store, accountId);
      // The owning worker closes the socket and wipes what it holds; the data goes here and now,
      // so the account is gone for every reader when this answers.
      await control.enqueue({ accountId, action: 'delete' });
      await store.deleteAccountCascade(accountId);
      await clearStatus(redis, accountId);
      // Its keys went with it: every gateway forgets them and ends their streams.
      await fastify.revokeAccess({ accountId });
      return { ok: true as const, message: `Account ${accountId} deleted` };
    },
  );
}
