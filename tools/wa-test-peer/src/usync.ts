import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  jidDecode,
} from '@whiskeysockets/baileys';
import type { PeerConnection } from './connection.js';
import type { Account, PeerState } from './peer-state.js';
import { deviceBundleNode, simUserBundleNode } from './prekeys.js';

interface ResolvedUser {
  phone: string;
  lid: string;
  /** Device ids: 0 for the phone plus, for an account, every linked device with keys. */
  devices: number[];
}

function resolveUser(state: PeerState, user: string, server: string): ResolvedUser | undefined {
  const isLid = server === 'lid';
  const account = state.accountByUser(user);
  if (account) return { phone: account.phone, lid: account.lid, devices: accountDevices(account) };
  const sim = state.simUser(user, isLid ? 'lid' : 's.whatsapp.net');
  return sim ? { phone: sim.phone, lid: sim.lid, devices: [0] } : undefined;
}

function accountDevices(account: Account): number[] {
  const linked = Object.values(account.devices)
    .filter((d) => d.bundle)
    .map((d) => d.id);
  return [0, ...linked];
}

function devicesNode(devices: number[]): BinaryNode {
  return {
    tag: 'devices',
    attrs: {},
    content: [
      {
        tag: 'device-list',
        attrs: {},
        content: devices.map((id) => ({
          tag: 'device',
          attrs: { id: String(id), ...(id ? { 'key-index': String(id) } : {}) },
        })),
      },
    ],
  };
}

/** The digits of a `contact` query child (`+123...` as string or bytes). */
function contactPhone(contact: BinaryNode | undefined): string | undefined {
  const content = contact?.content;
  if (typeof content === 'string') return content.replace(/\D/g, '');
  if (content instanceof Uint8Array) return Buffer.from(content).toString().replace(/\D/g, '');
  return undefined;
}

/**
 * Answers `iq xmlns=usync`: devices (v2), lid, contact and status protocols. Every number "is on
 * WhatsApp" (unknown numbers become simulated contacts) unless marked otherwise in the contacts
 * directory. A `lid` child is always present for
 * phone-number users: without it rc14 cannot find keys and message encryption fails.
 */
export function answerUsync(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const usync = getBinaryNodeChild(iq, 'usync');
  const queryNode = getBinaryNodeChild(usync, 'query');
  const wanted = new Set(Array.isArray(queryNode?.content) ? queryNode.content.map((n) => n.tag) : []);
  const users = getBinaryNodeChildren(getBinaryNodeChild(usync, 'list'), 'user');
  const results: BinaryNode[] = [];
  for (const userNode of users) {
    const contact = getBinaryNodeChild(userNode, 'contact');
    const phoneFromContact = contactPhone(contact);
    const jid = userNode.attrs.jid ?? (phoneFromContact ? `${phoneFromContact}@s.whatsapp.net` : undefined);
    const decoded = jid ? jidDecode(jid) : undefined;
    if (!jid || !decoded) continue;
    const { contacts } = connection.ctx;
    if (decoded.server !== 'lid' && !contacts.isOnWhatsApp(decoded.user)) {
      // Not on WhatsApp: the contact protocol says so, and there is nothing else to tell.
      results.push({ tag: 'user', attrs: { jid }, content: [{ tag: 'contact', attrs: { type: 'out' } }] });
      continue;
    }
    const resolved = resolveUser(connection.ctx.state, decoded.user, decoded.server);
    if (!resolved) continue;
    const content: BinaryNode[] = [];
    if (wanted.has('devices')) content.push(devicesNode(resolved.devices));
    if (wanted.has('lid') && decoded.server !== 'lid')
      content.push({ tag: 'lid', attrs: { val: `${resolved.lid}@lid` } });
    if (wanted.has('contact')) content.push({ tag: 'contact', attrs: { type: 'in' } });
    const about = contacts.profile(resolved.phone).about;
    if (wanted.has('status'))
      content.push({
        tag: 'status',
        attrs: { t: '1700000000' },
        content: about ? Buffer.from(about) : undefined,
      });
    results.push({ tag: 'user', attrs: { jid }, content });
  }
  connection.ctx.state.save();
  return {
    tag: 'iq',
    attrs: { type: 'result', id: iq.attrs.id ?? '', from: 's.whatsapp.net' },
    content: [
      {
        tag: 'usync',
        attrs: { ...usync?.attrs },
        content: [{ tag: 'list', attrs: {}, content: results }],
      },
    ],
  };
}

/**
 * Answers `iq xmlns=encrypt type=get > key`: prekey bundles for simulated phones (device 0) and
 * for the account's other linked devices. Unknown jids are left out, because one `error` child
 * makes Baileys reject the whole batch.
 */
export function answerKeyFetch(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const { state } = connection.ctx;
  const users: BinaryNode[] = [];
  for (const userNode of getBinaryNodeChildren(getBinaryNodeChild(iq, 'key'), 'user')) {
    const jid = userNode.attrs.jid;
    const decoded = jid ? jidDecode(jid) : undefined;
    if (!jid || !decoded) continue;
    const device = decoded.device ?? 0;
    if (device === 0) {
      const sim = state.simUser(decoded.user, decoded.server === 'lid' ? 'lid' : 's.whatsapp.net');
      if (sim) users.push(simUserBundleNode(jid, sim));
      continue;
    }
    const bundle = state.accountByUser(decoded.user)?.devices[device]?.bundle;
    if (bundle) users.push(deviceBundleNode(jid, bundle));
  }
  state.save();
  return {
    tag: 'iq',
    attrs: { type: 'result', id: iq.attrs.id ?? '', from: 's.whatsapp.net' },
    content: [{ tag: 'list', attrs: {}, content: users }],
  };
}
