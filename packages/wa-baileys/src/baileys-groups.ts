import type { Boom } from '@hapi/boom';
import {
  type GroupMetadata as BaileysGroupMetadata,
  type GroupParticipant as BaileysParticipant,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
  type makeWASocket,
  WAMessageAddressingMode,
} from '@whiskeysockets/baileys';
import {
  type GroupChanges,
  type GroupEvent,
  type GroupMetadata,
  type GroupParticipantResult,
  type GroupParticipantsAction,
  GroupRefusedError,
  NotConnectedError,
  type WaGroups,
} from '@wildcat/wa';

type Socket = ReturnType<typeof makeWASocket>;

/** A member's JID as we key it: the phone number when WhatsApp tells it (as chats are keyed). */
function memberJid(participant: Pick<BaileysParticipant, 'id' | 'phoneNumber'>): string {
  if (isLidUser(participant.id) && isPnUser(participant.phoneNumber))
    return jidNormalizedUser(participant.phoneNumber);
  return jidNormalizedUser(participant.id);
}

export function fromBaileysMetadata(metadata: BaileysGroupMetadata): GroupMetadata {
  const owner = metadata.ownerPn ?? metadata.owner;
  return {
    id: metadata.id,
    subject: metadata.subject ?? '',
    ...(metadata.desc ? { description: metadata.desc } : {}),
    ...(owner ? { owner: jidNormalizedUser(owner) } : {}),
    creation: (metadata.creation ?? 0) * 1000,
    announce: metadata.announce === true,
    locked: metadata.restrict === true,
    ...(metadata.addressingMode ? { addressingMode: metadata.addressingMode === 'lid' ? 'lid' : 'pn' } : {}),
    participants: metadata.participants.map((participant) => ({
      jid: memberJid(participant),
      admin: participant.admin === 'admin' || participant.admin === 'superadmin' ? participant.admin : null,
    })),
  };
}

/** Our stored copy as Baileys' cachedGroupMetadata: what a group send needs (the member list). */
export function toBaileysMetadata(metadata: GroupMetadata): BaileysGroupMetadata {
  return {
    id: metadata.id,
    subject: metadata.subject,
    ...(metadata.description ? { desc: metadata.description } : {}),
    owner: metadata.owner,
    creation: Math.floor(metadata.creation / 1000),
    announce: metadata.announce,
    restrict: metadata.locked,
    size: metadata.participants.length,
    ...(metadata.addressingMode
      ? {
          addressingMode:
            metadata.addressingMode === 'lid' ? WAMessageAddressingMode.LID : WAMessageAddressingMode.PN,
        }
      : {}),
    participants: metadata.participants.map((member) => ({ id: member.jid, admin: member.admin })),
  };
}

/** WhatsApp's refusals (IQ errors) as the port's: what the client should be told and fix. */
function refused(error: unknown, what: string): never {
  // An IQ error node arrives as a Boom whose `data` is WhatsApp's code (assertNodeErrorFree).
  const boom = error as Partial<Boom> & { data?: unknown };
  const code = typeof boom.data === 'number' ? boom.data : boom.output?.statusCode;
  if (code === 401 || code === 403)
    throw new GroupRefusedError(`WhatsApp refused to ${what}: not allowed (only admins may)`, 403);
  if (code === 404 || code === 406)
    throw new GroupRefusedError(`WhatsApp refused to ${what}: group or invite not found`, 404);
  if (code === 400) throw new GroupRefusedError(`WhatsApp refused to ${what}: bad request`, 400);
  if (code === 409) throw new GroupRefusedError(`WhatsApp refused to ${what}: already done`, 409);
  throw error;
}

/** The port's group actions over one Baileys socket. */
export class BaileysGroups implements WaGroups {
  constructor(
    private readonly sock: Socket,
    private readonly open: () => boolean,
    private readonly accountId: string,
  ) {}

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (!this.open()) throw new NotConnectedError(this.accountId);
    try {
      return await work();
    } catch (error) {
      return refused(error, what);
    }
  }

  create(subject: string, participants: readonly string[]): Promise<GroupMetadata> {
    return this.call('create the group', async () =>
      fromBaileysMetadata(await this.sock.groupCreate(subject, [...participants])),
    );
  }

  metadata(groupId: string): Promise<GroupMetadata> {
    return this.call('show the group', async () =>
      fromBaileysMetadata(await this.sock.groupMetadata(groupId)),
    );
  }

  participating(): Promise<GroupMetadata[]> {
    return this.call('list groups', async () =>
      Object.values(await this.sock.groupFetchAllParticipating()).map(fromBaileysMetadata),
    );
  }

  update(groupId: string, changes: GroupChanges): Promise<void> {
    return this.call('change the group', async () => {
      if (changes.subject !== undefined) await this.sock.groupUpdateSubject(groupId, changes.subject);
      if (changes.description !== undefined)
        await this.sock.groupUpdateDescription(groupId, changes.description || undefined);
      if (changes.announce !== undefined)
        await this.sock.groupSettingUpdate(groupId, changes.announce ? 'announcement' : 'not_announcement');
      if (changes.locked !== undefined)
        await this.sock.groupSettingUpdate(groupId, changes.locked ? 'locked' : 'unlocked');
    });
  }

  participants(
    groupId: string,
    action: GroupParticipantsAction,
    jids: readonly string[],
  ): Promise<GroupParticipantResult[]> {
    return this.call(`${action} participants`, async () => {
      const results = await this.sock.groupParticipantsUpdate(groupId, [...jids], action);
      return results.map((result) => ({
        jid: result.jid ? jidNormalizedUser(result.jid) : '',
        status: Number(result.status) || 200,
      }));
    });
  }

  inviteCode(groupId: string): Promise<string> {
    return this.call('show the invite link', async () => {
      const code = await this.sock.groupInviteCode(groupId);
      if (!code) throw new GroupRefusedError('WhatsApp returned no invite code', 404);
      return code;
    });
  }

  revokeInvite(groupId: string): Promise<string> {
    return this.call('revoke the invite link', async () => {
      const code = await this.sock.groupRevokeInvite(groupId);
      if (!code) throw new GroupRefusedError('WhatsApp returned no new invite code', 404);
      return code;
    });
  }

  join(code: string): Promise<string> {
    return this.call('join by invite', async () => {
      const groupId = await this.sock.groupAcceptInvite(code);
      if (!groupId)
        throw new GroupRefusedError(
          'Invite code not found (it may have been revoked); ask for a new link',
          404,
        );
      return groupId.includes('@') ? groupId : `${groupId}@g.us`;
    });
  }

  leave(groupId: string): Promise<void> {
    return this.call('leave the group', () => this.sock.groupLeave(groupId));
  }
}

/** Baileys' group events as the port's; `emit` hands each to the session's ordered handler chain. */
export function listenGroups(sock: Socket, emit: (event: GroupEvent) => void, ownJid: () => string): void {
  const { ev } = sock;
  ev.on('groups.upsert', (groups) => {
    for (const group of groups)
      emit({ type: 'metadata', metadata: fromBaileysMetadata(group), timestamp: Date.now() });
  });
  ev.on('groups.update', (updates) => {
    for (const update of updates) {
      if (!update.id) continue;
      const changes: GroupChanges = {
        ...(update.subject !== undefined ? { subject: update.subject } : {}),
        ...(update.desc !== undefined ? { description: update.desc ?? '' } : {}),
        ...(update.announce !== undefined ? { announce: update.announce } : {}),
        ...(update.restrict !== undefined ? { locked: update.restrict } : {}),
      };
      // groupFetchAllParticipating re-emits whole groups as updates; the sync stores those itself.
      if (Object.keys(changes).length === 0 || update.participants) continue;
      const by = update.authorPn ?? update.author;
      emit({
        type: 'updated',
        groupId: update.id,
        changes,
        ...(by ? { by: jidNormalizedUser(by) } : {}),
        timestamp: Date.now(),
      });
    }
  });
  ev.on('group-participants.update', (update) => {
    if (update.action === 'modify') return;
    const by = update.authorPn ?? update.author;
    emit({
      type: 'participants',
      groupId: update.id,
      action: update.action,
      participants: update.participants.map((participant) => memberJid(participant)),
      ...(by ? { by: jidNormalizedUser(by) } : {}),
      timestamp: Date.now(),
    });
    // Added by someone else: WhatsApp sends no snapshot, so fetch the group to store it.
    const me = ownJid();
    if (update.action === 'add' && update.participants.some((participant) => memberJid(participant) === me))
      sock
        .groupMetadata(update.id)
        .then((metadata) =>
          emit({ type: 'metadata', metadata: fromBaileysMetadata(metadata), timestamp: Date.now() }),
        )
        // The next connect's sync stores it instead.
        .catch(() => undefined);
  });
}
