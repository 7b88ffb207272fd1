import { type BinaryNode, getBinaryNodeChild, S_WHATSAPP_NET } from '@whiskeysockets/baileys';
import type { PeerConnection } from './connection.js';
import { stanzaId, unixNow, userOf } from './context.js';

/** What the peer knows about a number's public profile. */
export interface PeerProfile {
  about?: string;
  /** The URL handed out for the number's profile picture. */
  pictureUrl?: string;
  /** The last profile picture the account itself uploaded (JPEG bytes as Baileys made them). */
  picture?: Buffer;
  /** A business account: `w:biz` answers its profile with this description. */
  business?: { description: string };
}

/** An account's own device rejecting an offered call. */
export interface CallReject {
  callId: string;
  /** The rejecting account's device JID. */
  by: string;
  /** The caller the reject names. */
  to: string;
}

/**
 * Contacts as the server keeps them: which numbers are not on WhatsApp, profiles (about,
 * picture), each account's block list. Lives in memory (tests set it up per run).
 */
export class ContactsDirectory {
  private readonly unregistered = new Set<string>();
  private readonly profiles = new Map<string, PeerProfile>();
  private readonly blocklists = new Map<string, Map<string, string>>();

  /** Numbers usync answers `contact type=out` for (every other number is on WhatsApp). */
  markNotOnWhatsApp(phone: string): void {
    this.unregistered.add(userOf(phone));
  }

  isOnWhatsApp(phone: string): boolean {
    return !this.unregistered.has(userOf(phone));
  }

  profile(phone: string): PeerProfile {
    const user = userOf(phone);
    const existing = this.profiles.get(user) ?? {};
    this.profiles.set(user, existing);
    return existing;
  }

  /** JIDs (`…@lid`) an account blocked, with the phone JID the block named. */
  blocklist(phone: string): Map<string, string> {
    const user = userOf(phone);
    const list = this.blocklists.get(user) ?? new Map<string, string>();
    this.blocklists.set(user, list);
    return list;
  }
}

function result(iq: BinaryNode, content?: BinaryNode[]): BinaryNode {
  return { tag: 'iq', attrs: { type: 'result', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET }, content };
}

function error(iq: BinaryNode, code: string, text: string): BinaryNode {
  return {
    tag: 'iq',
    attrs: { type: 'error', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET },
    content: [{ tag: 'error', attrs: { code, text } }],
  };
}

const textOf = (node: BinaryNode | undefined) =>
  node?.content instanceof Uint8Array
    ? Buffer.from(node.content).toString('utf8')
    : String(node?.content ?? '');

/** `xmlns=w:profile:picture`: get someone's picture URL (404 without one), or set the own. */
export function pictureIq(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const { contacts, events } = connection.ctx;
  const own = connection.account?.phone;
  if (iq.attrs.type === 'get') {
    const target = iq.attrs.target ?? own ?? '';
    const url = contacts.profile(target).pictureUrl;
    if (!url) return error(iq, '404', 'item-not-found');
    return result(iq, [{ tag: 'picture', attrs: { id: '1', type: 'image', url } }]);
  }
  const picture = getBinaryNodeChild(iq, 'picture');
  if (own && picture?.content instanceof Uint8Array) {
    const profile = contacts.profile(own);
    profile.picture = Buffer.from(picture.content);
    profile.pictureUrl = `https://${connection.ctx.mediaHost()}/pp/${own}.jpg`;
    events.emit('profile', { phone: own, picture: profile.picture });
  }
  return result(iq);
}

/** `xmlns=w:biz`: a business profile for a business number, nothing for anyone else. */
export function businessIq(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const jid = getBinaryNodeChild(getBinaryNodeChild(iq, 'business_profile'), 'profile')?.attrs.jid ?? '';
  const business = connection.ctx.contacts.profile(jid).business;
  if (!business) return result(iq, [{ tag: 'business_profile', attrs: {} }]);
  const description = { tag: 'description', attrs: {}, content: Buffer.from(business.description) };
  return result(iq, [
    {
      tag: 'business_profile',
      attrs: {},
      content: [{ tag: 'profile', attrs: { jid }, content: [description] }],
    },
  ]);
}

/** `xmlns=status type=set`: the account's own about text. */
export function statusIq(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const own = connection.account?.phone;
  if (own) {
    const about = textOf(getBinaryNodeChild(iq, 'status'));
    connection.ctx.contacts.profile(own).about = about;
    connection.ctx.events.emit('profile', { phone: own, about });
  }
  return result(iq);
}

/** `xmlns=blocklist`: the account's block list (get) or one block/unblock (set). */
export function blocklistIq(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const own = connection.account?.phone;
  const list = own ? connection.ctx.contacts.blocklist(own) : new Map<string, string>();
  if (iq.attrs.type === 'set') {
    const item = getBinaryNodeChild(iq, 'item');
    const jid = item?.attrs.jid;
    if (!item || !jid) return error(iq, '400', 'bad-request');
    if (item.attrs.action === 'block') list.set(jid, item.attrs.pn_jid ?? '');
    else list.delete(jid);
    connection.ctx.events.emit('blocklist', {
      phone: own,
      action: item.attrs.action,
      jid,
      pnJid: item.attrs.pn_jid,
    });
    return result(iq);
  }
  return result(iq, [
    { tag: 'list', attrs: {}, content: [...list.keys()].map((jid) => ({ tag: 'item', attrs: { jid } })) },
  ]);
}

/** A call offer from contact `fromPhone` to every socket of the account (as the server relays it). */
export function offerCallNode(fromPhone: string, callId: string, isVideo: boolean): BinaryNode {
  const from = `${userOf(fromPhone)}@s.whatsapp.net`;
  return {
    tag: 'call',
    attrs: { from, id: stanzaId(), t: unixNow() },
    content: [
      {
        tag: 'offer',
        attrs: { 'call-id': callId, 'call-creator': from },
        content: isVideo ? [{ tag: 'video', attrs: {} }] : [{ tag: 'audio', attrs: { rate: '16000' } }],
      },
    ],
  };
}

/** A `call` stanza from the client: a reject is acknowledged (Baileys waits for it) and reported. */
export function handleClientCall(connection: PeerConnection, node: BinaryNode): void {
  const reject = getBinaryNodeChild(node, 'reject');
  connection.send({ tag: 'ack', attrs: { id: node.attrs.id ?? '', class: 'call', from: S_WHATSAPP_NET } });
  if (!reject) return;
  const event: CallReject = {
    callId: reject.attrs['call-id'] ?? '',
    by: connection.deviceJid ?? '',
    to: node.attrs.to ?? reject.attrs['call-creator'] ?? '',
  };
  connection.ctx.events.emit('call-reject', event);
}
