import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { HttpError } from '../../errors/http-error.js';
import { liveStatus } from '../../services/live-status.js';
import { requireAccount } from '../../services/require-account.js';
import {
  connectSchema,
  disconnectSchema,
  logoutSchema,
  qrSchema,
  statusSchema,
} from './connection-schema.js';

/** Status and QR from Redis; connect, disconnect and logout become control jobs. */
export default async function connectionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, redis, control } = fastify;

  app.get('/accounts/:accountId/status', { schema: statusSchema }, async (request) => {
    const account = await requireAccount(store, request.params.accountId);
    const live = await liveStatus(redis, account._id);
    const jid = live?.jid ?? account.jid;
    const pushName = live?.pushName ?? account.pushName;
    return {
      ok: true as const,
      status: live?.status ?? 'not_started',
      accountId: account._id,
      lastUpdate: new Date(live?.lastUpdate || account.updatedAt.getTime()).toISOString(),
      qr: live?.qr ?? null,
      collection: account.collectionName,
      ...(jid ? { jid } : {}),
      ...(pushName ? { pushName } : {}),
    };
  });

  app.post('/accounts/:accountId/connect', { schema: connectSchema }, async (request) => {
    const { accountId } = request.params;
    await requireAccount(store, accountId);
    await store.accounts.setDesiredState(accountId, 'connected');
    // Enqueued even when connected: a disconnect still in flight must not win over this connect.
    await control.enqueue({ accountId, action: 'connect' });
    // A connected account answers its real state, as the original did; anything else is on its way.
    if ((await liveStatus(redis, accountId))?.status === 'connected') {
      return {
        ok: true as const,
        message: `Account ${accountId} is already connected`,
        status: 'connected' as const,
        accountId,
      };
    }
    return {
      ok: true as const,
      message: `Attempting to connect ${accountId}`,
      status: 'connecting' as const,
      accountId,
    };
  });

  app.post('/accounts/:accountId/disconnect', { schema: disconnectSchema }, async (request) => {
    const { accountId } = request.params;
    await requireAccount(store, accountId);
    await store.accounts.setDesiredState(accountId, 'disconnected');
    await control.enqueue({ accountId, action: 'disconnect' });
    return { ok: true as const, message: `Account ${accountId} disconnected` };
  });

  app.post('/accounts/:accountId/logout', { schema: logoutSchema }, async (request) => {
    const { accountId } = request.params;
    await requireAccount(store, accountId);
    await store.accounts.setDesiredState(accountId, 'logged_out');
    await control.enqueue({ accountId, action: 'logout' });
    return { ok: true as const, message: `Account ${accountId} logged out` };
  });

  app.get('/accounts/:accountId/qr', { schema: qrSchema }, async (request, reply) => {
    const account = await requireAccount(store, request.params.accountId);
    const live = await liveStatus(redis, account._id);
    if (!live?.qr) throw new HttpError(404, 'No QR code available');
    if (request.query.format === 'png') {
      const png = await QRCode.toBuffer(live.qr);
      // A Buffer is sent as is; the JSON response schema does not apply to it.
      return reply
        .type('image/png')
        .header('cache-control', 'no-store')
        .send(png as never);
    }
    reply.header('cache-control', 'no-store');
    return {
      ok: true as const,
      accountId: account._id,
      status: live.status,
      qr: live.qr,
      qrDataUrl: await QRCode.toDataURL(live.qr),
    };
  });
}
