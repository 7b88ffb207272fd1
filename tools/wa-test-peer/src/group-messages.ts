import {
  type BinaryNode,
  encodeWAMessage,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  jidDecode,
  proto,
  unpadRandomMax16,
} from '@whiskeysockets/baileys';
// Baileys' own sender-key implementation (not exported from its root): the peer's members use
// the same group cipher as the client, as every WhatsApp phone does.
import {
  GroupCipher,
  GroupSessionBuilder,
  SenderKeyDistributionMessage,
  SenderKeyName,
  SenderKeyRecord,
} from '@whiskeysockets/baileys/lib/Signal/Group/index.js';
import type { PeerConnection } from './connection.js';
import { type PeerContext, stanzaId, unixNow, userOf } from './context.js';
import { peerGroups } from './groups.js';
import { decryptFor, encryptForDevice, type ReceivedMessage } from './messages.js';
import type { SimUser } from './peer-state.js';

/** Sender keys each simulated phone holds, by sender key name (in memory, like the groups). */
const senderKeys = new WeakMap<SimUser, Map<string, SenderKeyRecord>>();

function keyStore(sim: SimUser) {
  let records = senderKeys.get(sim);
  if (!records) {
    records = new Map();
    senderKeys.set(sim, records);
  }
  const held = records;
  return {
    async loadSenderKey(name: SenderKeyName) {
      return held.get(name.toString()) ?? new SenderKeyRecord();
    },
    async storeSenderKey(name: SenderKeyName, record: SenderKeyRecord) {
      held.set(name.toString(), record);
    },
    has: (name: SenderKeyName) => held.has(name.toString()),
  };
}

/** A sender in a group, as every member names its sender key. */
function senderName(groupJid: string, sender: string): SenderKeyName {
  const decoded = jidDecode(sender);
  return new SenderKeyName(groupJid, {
    id: decoded?.user ?? sender,
    deviceId: decoded?.device ?? 0,
    toString: () => sender,
  });
}

/**
 * Why the server refuses a message from `phone` to a group, or undefined when it takes it: only
 * members write, and in an announce group only admins.
 */
export function groupSendRefusal(ctx: PeerContext, groupJid: string, phone: string): string | undefined {
  const group = peerGroups(ctx).get(userOf(groupJid));
  const role = group?.members.get(phone);
  if (!group || role === undefined) return 'not a member';
  if (group.announce && role === null) return 'announce: only admins send';
  return undefined;
}

/**
 * A group message from our client: the pkmsg copies carry its sender key to each simulated
 * member (and the account's own phone), the one skmsg carries the content. Each simulated member
 * that holds the sender key decrypts it and the peer emits `message` with `group` set.
 */
export async function handleGroupMessage(connection: PeerConnection, node: BinaryNode): Promise<void> {
  const { ctx } = connection;
  const id = node.attrs.id ?? '';
  const group = node.attrs.to ?? '';
  const sender = connection.deviceJid ?? '';
  const refusal = groupSendRefusal(ctx, group, userOf(sender));
  if (refusal) {
    // The server takes the stanza and answers with an error ack; no member gets anything.
    ctx.events.emit('refused', { id, to: group, from: sender, reason: refusal });
    connection.send({ tag: 'ack', attrs: { class: 'message', id, from: group, t: unixNow(), error: '403' } });
    return;
  }
  const name = senderName(group, sender);
  for (const to of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
    const enc = getBinaryNodeChild(to, 'enc');
    const decoded = jidDecode(to.attrs.jid ?? '');
    if (!enc || !decoded || (decoded.device ?? 0) !== 0) continue;
    const sim = ctx.state.simUser(decoded.user, decoded.server === 'lid' ? 'lid' : 's.whatsapp.net');
    if (!sim) continue;
    try {
      const message = await decryptFor(ctx, sim, connection, enc);
      const distribution = message?.senderKeyDistributionMessage?.axolotlSenderKeyDistributionMessage;
      if (distribution)
        await new GroupSessionBuilder(keyStore(sim)).process(
          name,
          new SenderKeyDistributionMessage(null, null, null, null, distribution),
        );
    } catch (error) {
      ctx.events.emit(
        'warning',
        new Error(`sender key of ${id} for ${to.attrs.jid}: ${(error as Error).message}`),
      );
    }
  }
  const skmsg = getBinaryNodeChildren(node, 'enc').find((enc) => enc.attrs.type === 'skmsg');
  const members = peerGroups(ctx).get(userOf(group))?.members.keys() ?? [];
  for (const phone of members) {
    const sim = ctx.state.simUser(phone);
    if (!sim || sim === connection.account?.primary || !(skmsg?.content instanceof Uint8Array)) continue;
    const store = keyStore(sim);
    if (!store.has(name)) continue;
    try {
      const plain = await new GroupCipher(store, name).decrypt(skmsg.content);
      const message = proto.Message.decode(unpadRandomMax16(plain));
      const event: ReceivedMessage = { id, from: sender, to: sim.phone, message, group };
      ctx.events.emit('message', event);
    } catch (error) {
      ctx.events.emit(
        'warning',
        new Error(`could not decrypt group ${id} for ${phone}: ${(error as Error).message}`),
      );
    }
  }
  connection.send({ tag: 'ack', attrs: { class: 'message', id, from: group, t: unixNow() } });
}

/**
 * Simulated member `sim` writes `message` to a group: to every live device of every linked
 * account in it, a pkmsg/msg with the sender key (1:1 session) and the skmsg with the content.
 */
export async function sendGroupMessage(
  ctx: PeerContext,
  sim: SimUser,
  groupJid: string,
  message: proto.IMessage,
): Promise<string> {
  const refusal = groupSendRefusal(ctx, groupJid, sim.phone);
  if (refusal) throw new Error(`${sim.phone} may not write to ${groupJid}: ${refusal}`);
  const group = peerGroups(ctx).get(userOf(groupJid))!;
  const author = `${sim.phone}@s.whatsapp.net`;
  const name = senderName(groupJid, author);
  const store = keyStore(sim);
  const distribution = await new GroupSessionBuilder(store).create(name);
  const ciphertext = await new GroupCipher(store, name).encrypt(encodeWAMessage(message));
  const keyMessage: proto.IMessage = {
    senderKeyDistributionMessage: {
      groupId: groupJid,
      axolotlSenderKeyDistributionMessage: distribution.serialize(),
    },
  };
  const id = stanzaId()
    .replace(/[^A-Z0-9]/gi, '')
    .toUpperCase();
  for (const phone of group.members.keys()) {
    const account = ctx.state.account(phone);
    if (!account || phone === sim.phone) continue;
    for (const device of Object.values(account.devices)) {
      if (!device.bundle) continue;
      const key = await encryptForDevice(ctx, sim, account, device, keyMessage);
      const node: BinaryNode = {
        tag: 'message',
        attrs: { id, from: groupJid, participant: author, type: 'text', t: unixNow(), notify: sim.pushName },
        content: [
          { tag: 'enc', attrs: { v: '2', type: key.type }, content: key.ciphertext },
          { tag: 'enc', attrs: { v: '2', type: 'skmsg' }, content: Buffer.from(ciphertext) },
        ],
      };
      for (const connection of ctx.connections)
        if (connection.account === account && connection.device?.id === device.id) connection.send(node);
    }
  }
  ctx.state.save();
  return id;
}
