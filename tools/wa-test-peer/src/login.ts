import { proto } from '@whiskeysockets/baileys';
import type { PeerConnection } from './connection.js';
import { unixNow } from './context.js';
import { deliverMessage } from './messages.js';

/**
 * A client logging in with stored creds (ClientPayload with username + device). The device is
 * recognised by its noise static key, like the real server; unknown keys get `failure 401`.
 * A second socket for the same device replaces the first, which gets `conflict type=replaced`.
 */
export function completeLogin(
  connection: PeerConnection,
  noiseKey: Buffer,
  payload: proto.ClientPayload,
): void {
  const { ctx } = connection;
  const found = ctx.state.deviceByNoiseKey(noiseKey);
  const username = payload.username?.toString();
  if (!found || found.account.phone !== username || found.device.id !== (payload.device ?? 0)) {
    connection.send({ tag: 'failure', attrs: { reason: '401', location: 'local' } });
    connection.close();
    ctx.events.emit('login-rejected', { username, device: payload.device });
    return;
  }
  const { account, device } = found;
  for (const other of [...ctx.connections]) {
    if (other !== connection && other.account === account && other.device?.id === device.id) {
      other.streamError({}, [{ tag: 'conflict', attrs: { type: 'replaced' } }]);
    }
  }
  connection.account = account;
  connection.device = device;
  connection.send({
    tag: 'success',
    attrs: {
      t: unixNow(),
      lid: `${account.lid}:${device.id}@lid`,
      props: '1',
      abprops: '1',
      location: 'local',
      creation: unixNow(),
    },
  });
  ctx.events.emit('login', { phone: account.phone, deviceId: device.id, jid: connection.deviceJid });
}

/**
 * Sends what the server sends once the client is active: the end of the (empty) offline queue,
 * which makes Baileys flush its buffered events and report `receivedPendingNotifications`.
 */
export function sendOfflineDone(connection: PeerConnection): void {
  connection.send({
    tag: 'ib',
    attrs: { from: 's.whatsapp.net' },
    content: [{ tag: 'offline', attrs: { count: '0' } }],
  });
}

/**
 * After the client's `passive active`: flush the offline queue, mark its end and, on a device's
 * first login, have the primary phone send a history-sync notification. Baileys buffers all
 * events until it gets one (or 20 s pass); the notification says FULL, which rc14's default
 * `shouldSyncHistoryMessage` declines, so it goes online at once without downloading history.
 */
export async function afterActive(connection: PeerConnection): Promise<void> {
  const { account, device, ctx } = connection;
  if (!account || !device) return;
  for (const node of await ctx.offline.drain(account.phone, device.id)) connection.send(node);
  sendOfflineDone(connection);
  if (device.initialSyncSent) return;
  device.initialSyncSent = true;
  await deliverMessage(
    ctx,
    account.primary,
    account,
    {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
        historySyncNotification: {
          syncType: proto.HistorySync.HistorySyncType.FULL,
          chunkOrder: 0,
          progress: 100,
        },
      },
    },
    { deviceIds: [device.id] },
  );
}
