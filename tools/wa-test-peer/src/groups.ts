import { randomBytes, randomInt } from 'node:crypto';
import {
  type BinaryNode,
  getAllBinaryNodeChildren,
  getBinaryNodeChild,
  S_WHATSAPP_NET,
} from '@whiskeysockets/baileys';
import type { PeerConnection } from './connection.js';
import { type PeerContext, stanzaId, unixNow, userOf } from './context.js';

export type GroupRole = 'admin' | 'superadmin' | null;

/** A group as the server keeps it; members by phone number. */
export interface PeerGroup {
  /** The group's user part (`120363…`); its JID is `${id}@g.us`. */
  id: string;
  subject: string;
  description?: string;
  creator: string;
  /** unix seconds */
  creation: number;
  announce: boolean;
  locked: boolean;
  members: Map<string, GroupRole>;
  invite: string;
}

const registries = new WeakMap<PeerContext, Map<string, PeerGroup>>();

/** The groups of one peer (in memory: a peer restart forgets them). */
export function peerGroups(ctx: PeerContext): Map<string, PeerGroup> {
  let groups = registries.get(ctx);
  if (!groups) {
    groups = new Map();
    registries.set(ctx, groups);
  }
  return groups;
}

const pn = (phone: string) => `${phone}@s.whatsapp.net`;
const newCode = () => randomBytes(16).toString('base64url').slice(0, 22);

export function groupNode(group: PeerGroup): BinaryNode {
  const content: BinaryNode[] = [...group.members].map(([phone, role]) => ({
    tag: 'participant',
    attrs: { jid: pn(phone), ...(role ? { type: role } : {}) },
  }));
  if (group.description)
    content.push({
      tag: 'description',
      attrs: { id: stanzaId() },
      content: [{ tag: 'body', attrs: {}, content: Buffer.from(group.description) }],
    });
  if (group.announce) content.push({ tag: 'announcement', attrs: {} });
  if (group.locked) content.push({ tag: 'locked', attrs: {} });
  return {
    tag: 'group',
    attrs: {
      id: group.id,
      subject: group.subject,
      creation: String(group.creation),
      creator: pn(group.creator),
      s_t: String(group.creation),
      s_o: pn(group.creator),
      size: String(group.members.size),
    },
    content,
  };
}

/** Creates a group as `creator` (superadmin) with `members`. */
export function createGroup(
  ctx: PeerContext,
  creator: string,
  subject: string,
  members: string[],
): PeerGroup {
  const group: PeerGroup = {
    id: `120363${randomInt(100_000, 999_999)}${randomInt(100_000, 999_999)}`,
    subject,
    creator,
    creation: Math.floor(Date.now() / 1000),
    announce: false,
    locked: false,
    members: new Map<string, GroupRole>([[creator, 'superadmin']]),
    invite: newCode(),
  };
  for (const member of members) if (member !== creator) group.members.set(member, null);
  peerGroups(ctx).set(group.id, group);
  return group;
}

/**
 * A `w:gp2` notification to every live socket of every linked account among `phones`, as the
 * server tells members about a change (`actor` made it).
 */
export function notifyGroup(
  ctx: PeerContext,
  group: PeerGroup,
  phones: Iterable<string>,
  actor: string,
  child: BinaryNode,
): void {
  const node: BinaryNode = {
    tag: 'notification',
    attrs: { from: `${group.id}@g.us`, type: 'w:gp2', id: stanzaId(), t: unixNow(), participant: pn(actor) },
    content: [child],
  };
  const targets = new Set(phones);
  for (const connection of ctx.connections)
    if (connection.account && targets.has(connection.account.phone)) connection.send(node);
}

function reply(iq: BinaryNode, content?: BinaryNode[]): BinaryNode {
  return {
    tag: 'iq',
    attrs: { type: 'result', id: iq.attrs.id ?? '', from: iq.attrs.to ?? S_WHATSAPP_NET },
    content,
  };
}

function failure(iq: BinaryNode, code: number, text: string): BinaryNode {
  return {
    tag: 'iq',
    attrs: { type: 'error', id: iq.attrs.id ?? '', from: iq.attrs.to ?? S_WHATSAPP_NET },
    content: [{ tag: 'error', attrs: { code: String(code), text } }],
  };
}

const participantPhones = (child: BinaryNode) =>
  getAllBinaryNodeChildren(child)
    .filter((node) => node.tag === 'participant' && node.attrs.jid)
    .map((node) => userOf(node.attrs.jid!));

const participantList = (phones: string[], roles?: Map<string, GroupRole>): BinaryNode[] =>
  phones.map((phone) => ({
    tag: 'participant',
    attrs: { jid: pn(phone), ...(roles?.get(phone) ? { type: roles.get(phone)! } : {}) },
  }));

/** `xmlns=w:g2` from our client: create, participating, invite accept and leave (to @g.us), or an action on one group. */
export function handleGroupIq(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const { ctx } = connection;
  const me = connection.account?.phone;
  const child = getAllBinaryNodeChildren(iq)[0];
  if (!me || !child) return failure(iq, 400, 'bad-request');
  const groups = peerGroups(ctx);
  const to = iq.attrs.to ?? '';
  if (to === '@g.us') {
    if (child.tag === 'create') {
      const group = createGroup(ctx, me, child.attrs.subject ?? '', participantPhones(child));
      notifyGroup(
        ctx,
        group,
        [...group.members.keys()].filter((p) => p !== me),
        me,
        { tag: 'create', attrs: {}, content: [groupNode(group)] },
      );
      return reply(iq, [groupNode(group)]);
    }
    if (child.tag === 'participating') {
      const mine = [...groups.values()].filter((group) => group.members.has(me));
      return reply(iq, [{ tag: 'groups', attrs: {}, content: mine.map(groupNode) }]);
    }
    if (child.tag === 'invite' && child.attrs.code) {
      const group = [...groups.values()].find((g) => g.invite === child.attrs.code);
      if (!group) return failure(iq, 404, 'item-not-found');
      if (!group.members.has(me)) {
        group.members.set(me, null);
        notifyGroup(ctx, group, group.members.keys(), me, {
          tag: 'add',
          attrs: {},
          content: participantList([me]),
        });
      }
      return reply(iq, [{ tag: 'group', attrs: { jid: `${group.id}@g.us` } }]);
    }
    if (child.tag === 'leave') {
      const id = userOf(getBinaryNodeChild(child, 'group')?.attrs.id ?? '');
      const group = groups.get(id);
      if (!group?.members.has(me)) return failure(iq, 403, 'forbidden');
      const before = [...group.members.keys()];
      group.members.delete(me);
      notifyGroup(ctx, group, before, me, { tag: 'remove', attrs: {}, content: participantList([me]) });
      return reply(iq);
    }
    return reply(iq);
  }
  const group = groups.get(userOf(to));
  if (!group) return failure(iq, 404, 'item-not-found');
  const role = group.members.get(me);
  if (role === undefined) return failure(iq, 403, 'forbidden');
  const admin = role !== null;
  const members = () => [...group.members.keys()];
  switch (child.tag) {
    case 'query':
      return reply(iq, [groupNode(group)]);
    case 'invite':
      if (!admin) return failure(iq, 401, 'not-authorized');
      if (iq.attrs.type === 'set') group.invite = newCode();
      return reply(iq, [{ tag: 'invite', attrs: { code: group.invite } }]);
    case 'subject':
    case 'description': {
      if (group.locked && !admin) return failure(iq, 403, 'forbidden');
      let note: BinaryNode;
      if (child.tag === 'subject') {
        group.subject = Buffer.from((child.content as Uint8Array | undefined) ?? []).toString();
        note = { tag: 'subject', attrs: { subject: group.subject, s_t: unixNow(), s_o: pn(me) } };
      } else {
        const body = getBinaryNodeChild(child, 'body')?.content;
        group.description = body ? Buffer.from(body as Uint8Array).toString() : undefined;
        note = {
          tag: 'description',
          attrs: { id: stanzaId() },
          content: body ? [{ tag: 'body', attrs: {}, content: body }] : [],
        };
      }
      notifyGroup(ctx, group, members(), me, note);
      return reply(iq);
    }
    case 'announcement':
    case 'not_announcement':
    case 'locked':
    case 'unlocked':
      if (!admin) return failure(iq, 403, 'forbidden');
      if (child.tag.endsWith('announcement')) group.announce = child.tag === 'announcement';
      else group.locked = child.tag === 'locked';
      notifyGroup(ctx, group, members(), me, { tag: child.tag, attrs: {} });
      return reply(iq);
    case 'add':
    case 'remove':
    case 'promote':
    case 'demote': {
      if (!admin) return failure(iq, 403, 'forbidden');
      const before = members();
      const done: string[] = [];
      const results = participantPhones(child).map((phone) => {
        const present = group.members.has(phone);
        let error: string | undefined;
        if (child.tag === 'add' && present) error = '409';
        else if (child.tag !== 'add' && !present) error = '404';
        else if (child.tag !== 'add' && group.members.get(phone) === 'superadmin') error = '403';
        if (!error) {
          done.push(phone);
          if (child.tag === 'remove') group.members.delete(phone);
          else group.members.set(phone, child.tag === 'promote' ? 'admin' : null);
        }
        return { tag: 'participant', attrs: { jid: pn(phone), ...(error ? { error } : {}) } };
      });
      if (done.length)
        notifyGroup(ctx, group, new Set([...before, ...members()]), me, {
          tag: child.tag,
          attrs: {},
          content: participantList(done),
        });
      return reply(iq, [{ tag: child.tag, attrs: {}, content: results }]);
    }
    default:
      return reply(iq);
  }
}
