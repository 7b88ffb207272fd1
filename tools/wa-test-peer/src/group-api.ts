import type { proto } from '@whiskeysockets/baileys';
import { type PeerContext, unixNow, userOf } from './context.js';
import { sendGroupMessage } from './group-messages.js';
import { createGroup, groupNode, notifyGroup, type PeerGroup, peerGroups } from './groups.js';

/** What a test does with groups through the peer: look at them, and act as simulated members. */
export class PeerGroupsApi {
  constructor(private readonly ctx: PeerContext) {}

  /** A group by JID (in memory: forgotten when the peer restarts). */
  get(groupJid: string): PeerGroup | undefined {
    return peerGroups(this.ctx).get(userOf(groupJid));
  }

  /** Simulated phone `creator` creates a group; linked members get the `create` notification. */
  create(creator: string, subject: string, members: string[]): string {
    const group = createGroup(this.ctx, userOf(creator), subject, members.map(userOf));
    notifyGroup(this.ctx, group, group.members.keys(), group.creator, {
      tag: 'create',
      attrs: {},
      content: [groupNode(group)],
    });
    return `${group.id}@g.us`;
  }

  /** Simulated member `actor` renames a group; every linked member gets the notification. */
  rename(actor: string, groupJid: string, subject: string): void {
    const group = this.memberGroup(actor, groupJid);
    if (group.locked && !group.members.get(userOf(actor)))
      throw new Error(`${actor} may not rename ${groupJid}: it is locked and ${actor} is no admin`);
    group.subject = subject;
    const node = {
      tag: 'subject',
      attrs: { subject, s_t: unixNow(), s_o: `${userOf(actor)}@s.whatsapp.net` },
    };
    notifyGroup(this.ctx, group, group.members.keys(), userOf(actor), node);
  }

  /** Simulated admin `actor` turns announce (only admins send) or locked (only admins edit) on or off. */
  settings(actor: string, groupJid: string, changes: { announce?: boolean; locked?: boolean }): void {
    const group = this.memberGroup(actor, groupJid);
    if (!group.members.get(userOf(actor))) throw new Error(`${actor} is no admin of ${groupJid}`);
    for (const [setting, on] of Object.entries(changes)) {
      if (on === undefined) continue;
      if (setting === 'announce') group.announce = on;
      else group.locked = on;
      const tag =
        setting === 'announce' ? (on ? 'announcement' : 'not_announcement') : on ? 'locked' : 'unlocked';
      notifyGroup(this.ctx, group, group.members.keys(), userOf(actor), { tag, attrs: {} });
    }
  }

  private memberGroup(actor: string, groupJid: string): PeerGroup {
    const group = this.get(groupJid);
    if (!group) throw new Error(`unknown group ${groupJid}`);
    if (!group.members.has(userOf(actor))) throw new Error(`${actor} is not in group ${groupJid}`);
    return group;
  }

  /** Simulated member `from` writes a text to a group (sender key + skmsg to each linked member). */
  sendText(from: string, groupJid: string, text: string): Promise<string> {
    return this.send(from, groupJid, { conversation: text });
  }

  send(from: string, groupJid: string, message: proto.IMessage): Promise<string> {
    const sim = this.ctx.state.simUser(userOf(from));
    if (!sim) throw new Error(`unknown sender ${from}`);
    return sendGroupMessage(this.ctx, sim, groupJid, message);
  }
}
