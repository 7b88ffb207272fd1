import {
  type BinaryNode,
  getAllBinaryNodeChildren,
  getBinaryNodeChild,
  S_WHATSAPP_NET,
} from '@whiskeysockets/baileys';
import { appStateIq } from './app-state.js';
import type { PeerConnection } from './connection.js';
import { blocklistIq, businessIq, pictureIq, statusIq } from './contacts.js';
import { handleGroupIq } from './groups.js';
import { afterActive } from './login.js';
import { onCompanionFinish, onCompanionHello } from './pairing-code.js';
import { mergeUploadedBundle } from './prekeys.js';
import { answerKeyFetch, answerUsync } from './usync.js';

type Reply = BinaryNode | undefined;

function result(iq: BinaryNode, content?: BinaryNode[]): BinaryNode {
  return { tag: 'iq', attrs: { type: 'result', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET }, content };
}

/** `xmlns=encrypt`: prekey count, prekey upload, digest, signed-prekey rotation, prekey fetch. */
function encryptIq(connection: PeerConnection, iq: BinaryNode, child: string): Reply {
  const device = connection.device;
  if (child === 'key') return answerKeyFetch(connection, iq);
  if (child === 'count') {
    const count = Object.keys(device?.bundle?.preKeys ?? {}).length;
    return result(iq, [{ tag: 'count', attrs: { value: String(count) } }]);
  }
  if (child === 'digest') return result(iq, [{ tag: 'digest', attrs: {} }]);
  if (child === 'rotate' && device?.bundle) {
    const rotated = mergeUploadedBundle(getBinaryNodeChild(iq, 'rotate')!, device.bundle);
    device.bundle.signedPreKey = rotated.signedPreKey;
    connection.ctx.state.save();
    return result(iq);
  }
  if (iq.attrs.type === 'set' && getBinaryNodeChild(iq, 'registration') && device) {
    device.bundle = mergeUploadedBundle(iq, device.bundle);
    connection.ctx.state.save();
    return result(iq);
  }
  return result(iq);
}

/** `xmlns=md`: phone-number pairing stages and companion removal (logout). */
function mdIq(connection: PeerConnection, iq: BinaryNode, child: BinaryNode): Reply {
  if (child.tag === 'link_code_companion_reg') {
    return child.attrs.stage === 'companion_finish'
      ? onCompanionFinish(connection, iq, child)
      : onCompanionHello(connection, iq, child);
  }
  if (child.tag === 'remove-companion-device' && connection.account && connection.device) {
    delete connection.account.devices[connection.device.id];
    connection.ctx.state.save();
    connection.ctx.events.emit('logout', { jid: connection.deviceJid });
  }
  return result(iq);
}

/**
 * Routes a client iq by `xmlns` and first child, like the server does (client iqs all carry
 * `to=s.whatsapp.net`). Anything not modelled gets an empty result so no query waits for its
 * 60 s timeout.
 */
export async function handleIq(connection: PeerConnection, iq: BinaryNode): Promise<void> {
  const child = getAllBinaryNodeChildren(iq)[0];
  const tag = child?.tag ?? '';
  const { ctx } = connection;
  let reply: Reply;
  switch (iq.attrs.xmlns) {
    case 'w:p':
      reply = result(iq);
      break;
    case 'encrypt':
      reply = encryptIq(connection, iq, tag);
      break;
    case 'passive':
      connection.send(result(iq));
      if (tag === 'active') await afterActive(connection);
      return;
    case 'usync':
      reply = answerUsync(connection, iq);
      break;
    case 'w:m':
      reply = result(iq, [
        {
          tag: 'media_conn',
          attrs: { auth: ctx.media.auth, ttl: '3600', auth_ttl: '3600', max_buckets: '1' },
          content: [
            { tag: 'host', attrs: { hostname: ctx.mediaHost(), maxContentLengthBytes: '104857600' } },
          ],
        },
      ]);
      break;
    case 'md':
      reply = child ? mdIq(connection, iq, child) : result(iq);
      break;
    case 'w:g2':
      reply = handleGroupIq(connection, iq);
      break;
    case 'abt':
      reply = result(iq, [{ tag: 'props', attrs: { protocol: '1', hash: 'wa-peer' } }]);
      break;
    case 'blocklist':
      reply = blocklistIq(connection, iq);
      break;
    case 'w:profile:picture':
      reply = pictureIq(connection, iq);
      break;
    case 'status':
      reply = statusIq(connection, iq);
      break;
    case 'w:biz':
      reply = businessIq(connection, iq);
      break;
    case 'w:sync:app:state':
      reply = appStateIq(connection, iq);
      break;
    case 'privacy':
      // Read receipts on, as on most phones: Baileys then sends `receipt type=read`, not read-self.
      reply = result(iq, [
        {
          tag: 'privacy',
          attrs: {},
          content: [{ tag: 'category', attrs: { name: 'readreceipts', value: 'all' } }],
        },
      ]);
      break;
    default:
      reply = result(iq);
  }
  ctx.events.emit('iq', { connection, iq });
  if (reply) connection.send(reply);
}
