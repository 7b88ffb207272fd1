import type { ApiKeyView } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { requireAccount } from '../../services/require-account.js';
import { createApiKeySchema, listApiKeysSchema, revokeApiKeySchema } from './schema.js';

function keyView(doc: ApiKeyView) {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    accountId: doc.accountId,
    prefix: doc.prefix,
    createdAt: doc.createdAt.toISOString(),
  };
}

/**
 * POST/GET /admin/keys, DELETE /admin/keys/:id: admin keys only (routes without `:accountId` are
 * closed to scoped keys by default). The secret is in the POST response and nowhere else.
 */
export default async function apiKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;

  app.post('/admin/keys', { schema: createApiKeySchema }, async (request, reply) => {
    if (!fastify.storedKeys) {
      throw new HttpError(409, 'Stored API keys need API_KEYS to be set (the API is open without it)');
    }
    const { name, accountId } = request.body;
    if (accountId !== undefined) await requireAccount(store, accountId);
    const { key, doc } = await store.apiKeys.create({ name, accountId: accountId ?? null });
    reply.code(201);
    return { ok: true as const, key, apiKey: keyView(doc) };
  });

  app.get('/admin/keys', { schema: listApiKeysSchema }, async () => {
    const keys = await store.apiKeys.list();
    return { ok: true as const, keys: keys.map(keyView) };
  });

  app.delete('/admin/keys/:id', { schema: revokeApiKeySchema }, async (request) => {
    const { id } = request.params;
    if (!(await store.apiKeys.remove(id))) throw new HttpError(404, 'Key not found');
    // Every gateway forgets it and ends the streams it opened.
    await fastify.revokeAccess({ keyId: id });
    return { ok: true as const, message: 'Key revoked' };
  });
}
