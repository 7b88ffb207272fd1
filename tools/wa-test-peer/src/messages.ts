import {
  type BinaryNode,
  encodeWAMessage,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  jidDecode,
  proto,
  unpadRandomMax16,
  writeRandomPadMax16,
} from '@whiskeysockets/baileys';
import type { PeerConnection } from './connection.js';
import { type PeerContext, stanzaId, unixNow } from './context.js';
import { handleGroupMessage } from './group-messages.js';
import type { Account, LinkedDevice, SimUser } from './peer-state.js';
import { signalKey, takeDevicePreKey } from './prekeys.js';
import { ProtocolAddress, SessionBuilder, SessionCipher } from './signal-lib.js';
import { simUserStorage } from './signal-store.js';

/** A message our client sent, as the simulated recipient decrypted it. */
export interface ReceivedMessage {
  /** Stanza id (the Baileys message key id). */
  id: string;
  /** Sending device, `phone:device@s.whatsapp.net`. */
  from: string;
  /** Phone number of the simulated recipient. */
  to: string;
  message: proto.IMessage;
  /** For a group message: the group JID (`to` is then one simulated member who decrypted it). */
  group?: string;
}

/** The libsignal address a simulated phone uses for one of an account's linked devices. */
function deviceAddress(account: Account, device: LinkedDevice) {
  return new ProtocolAddress(account.phone, device.id);
}

export async function decryptFor(
  ctx: PeerContext,
  sim: SimUser,
  connection: PeerConnection,
  enc: BinaryNode,
) {
  if (!connection.account || !connection.device || !(enc.content instanceof Uint8Array)) return undefined;
  const cipher = new SessionCipher(
    simUserStorage(ctx.state, sim),
    deviceAddress(connection.account, connection.device),
  );
  const content = Buffer.from(enc.content);
  const plain =
    enc.attrs.type === 'pkmsg'
      ? await cipher.decryptPreKeyWhisperMessage(content)
      : await cipher.decryptWhisperMessage(content);
  const message = proto.Message.decode(unpadRandomMax16(plain));
  return message.deviceSentMessage?.message ?? message;
}

/**
 * `message` from our client: decrypt each `to` copy addressed to a simulated phone (contacts
 * and the account's own primary, which gets the deviceSentMessage copy), acknowledge it and
 * emit `message` for the copies meant for contacts.
 */
export async function handleIncomingMessage(connection: PeerConnection, node: BinaryNode): Promise<void> {
  if (node.attrs.to?.endsWith('@g.us')) return handleGroupMessage(connection, node);
  const { ctx } = connection;
  const id = node.attrs.id ?? '';
  const chat = node.attrs.to ?? '';
  const copies: { jid: string; enc: BinaryNode }[] = [];
  for (const to of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
    const enc = getBinaryNodeChild(to, 'enc');
    if (enc && to.attrs.jid) copies.push({ jid: to.attrs.jid, enc });
  }
  const direct = getBinaryNodeChild(node, 'enc');
  if (direct) copies.push({ jid: chat, enc: direct });
  for (const { jid, enc } of copies) {
    const decoded = jidDecode(jid);
    if (!decoded || (decoded.device ?? 0) !== 0) continue; // copies for sibling linked devices: not simulated
    const sim = ctx.state.simUser(decoded.user, decoded.server === 'lid' ? 'lid' : 's.whatsapp.net');
    if (!sim) continue;
    try {
      const message = await decryptFor(ctx, sim, connection, enc);
      if (!message) continue;
      const isOwnPhone = sim === connection.account?.primary;
      const event: ReceivedMessage = { id, from: connection.deviceJid ?? '', to: sim.phone, message };
      ctx.events.emit(isOwnPhone ? 'device-sent' : 'message', event);
    } catch (error) {
      ctx.events.emit(
        'warning',
        new Error(`could not decrypt ${id} for ${jid}: ${(error as Error).message}`),
      );
    }
  }
  connection.send({ tag: 'ack', attrs: { class: 'message', id, from: chat, t: unixNow() } });
}

/** A receipt from our client (delivery/read of a message the peer sent): emit and acknowledge it. */
export function handleIncomingReceipt(connection: PeerConnection, node: BinaryNode): void {
  const { attrs } = node;
  const { account, device } = connection;
  // One receipt may cover several messages: the first id in attrs, the rest in <list><item>.
  const list = getBinaryNodeChild(node, 'list');
  const more = list ? getBinaryNodeChildren(list, 'item').map((item) => item.attrs.id ?? '') : [];
  if (account && device && attrs.id)
    connection.ctx.offline.receipted(account.phone, device.id, [attrs.id, ...more]);
  connection.ctx.events.emit('receipt', {
    id: attrs.id,
    /** Every message the receipt covers. */
    ids: attrs.id ? [attrs.id, ...more] : more,
    from: connection.deviceJid,
    to: attrs.to,
    type: attrs.type ?? 'delivery',
  });
  connection.send({
    tag: 'ack',
    attrs: {
      class: 'receipt',
      id: attrs.id ?? '',
      from: attrs.to ?? '',
      ...(attrs.type ? { type: attrs.type } : {}),
    },
  });
}

/** Encrypts `message` from `sim` to one linked device, building the session from its bundle if needed. */
export async function encryptForDevice(
  ctx: PeerContext,
  sim: SimUser,
  account: Account,
  device: LinkedDevice,
  message: proto.IMessage | Uint8Array,
) {
  const storage = simUserStorage(ctx.state, sim);
  const address = deviceAddress(account, device);
  const existing = sim.sessions[address.toString()];
  if (!existing && device.bundle) {
    const preKey = takeDevicePreKey(device.bundle);
    const bundle = device.bundle;
    await new SessionBuilder(storage, address).initOutgoing({
      registrationId: bundle.registrationId,
      identityKey: signalKey(bundle.identityKey),
      signedPreKey: { ...bundle.signedPreKey, publicKey: signalKey(bundle.signedPreKey.publicKey) },
      preKey: preKey ? { keyId: preKey.keyId, publicKey: signalKey(preKey.publicKey) } : (undefined as never),
    });
  }
  // Raw bytes: an encoded proto.Message that may carry fields this proto schema does not know.
  const plaintext = message instanceof Uint8Array ? writeRandomPadMax16(message) : encodeWAMessage(message);
  const { type, body } = await new SessionCipher(storage, address).encrypt(plaintext);
  return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') };
}

/** Options for {@link deliverMessage}. */
export interface DeliverOptions {
  /** Stanza id; generated when omitted. */
  id?: string;
  /** `type` attribute: `text` or `media`. */
  stanzaType?: 'text' | 'media';
  /** `mediatype` attribute of the `enc` node for media messages (image, ptt, document, ...). */
  mediaType?: string;
  /** Only these linked device ids (default: every device of the account). */
  deviceIds?: number[];
}

/**
 * Sends `message` from simulated phone `sim` to every linked device of `account` that uploaded
 * keys. Devices without an open socket get it queued and delivered at their next login, like
 * the real offline queue. Returns the stanza id.
 */
export async function deliverMessage(
  ctx: PeerContext,
  sim: SimUser,
  account: Account,
  message: proto.IMessage | Uint8Array,
  options: DeliverOptions = {},
) {
  const id =
    options.id ??
    stanzaId()
      .replace(/[^A-Z0-9]/gi, '')
      .toUpperCase();
  const fromOwnPhone = sim === account.primary;
  for (const device of Object.values(account.devices)) {
    if (options.deviceIds && !options.deviceIds.includes(device.id)) continue;
    if (!device.bundle && !sim.sessions[deviceAddress(account, device).toString()]) continue;
    // Encrypted afresh for each delivery: a client that decrypted a message but never sent its
    // receipt has used that message key, so a redelivery is a new ciphertext, as a sender's
    // resend after a retry receipt is.
    const build = async (): Promise<BinaryNode> => {
      const { type, ciphertext } = await encryptForDevice(ctx, sim, account, device, message);
      return {
        tag: 'message',
        attrs: {
          id,
          from: `${sim.phone}@s.whatsapp.net`,
          type: options.stanzaType ?? 'text',
          t: unixNow(),
          ...(fromOwnPhone ? {} : { notify: sim.pushName, sender_lid: `${sim.lid}@lid` }),
        },
        content: [
          {
            tag: 'enc',
            attrs: { v: '2', type, ...(options.mediaType ? { mediatype: options.mediaType } : {}) },
            content: ciphertext,
          },
        ],
      };
    };
    const node = await build();
    const live = [...ctx.connections].filter((c) => c.account === account && c.device?.id === device.id);
    for (const connection of live) connection.send(node);
    if (live.length) ctx.offline.sent(account.phone, device.id, id, build);
    else ctx.offline.queue(account.phone, device.id, node, build);
  }
  ctx.state.save();
  return id;
}
