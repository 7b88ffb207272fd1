import type { Boom } from '@hapi/boom';
import type { makeWASocket } from '@whiskeysockets/baileys';
import {
  ActionRefusedError,
  type ContactProfile,
  type ContactsSession,
  NotConnectedError,
  type NumberCheck,
  type OwnProfileUpdate,
} from '@wildcat/wa';

type Socket = ReturnType<typeof makeWASocket>;

const userOf = (jid: string) => jid.split('@')[0]?.split(':')[0] ?? '';

/** WhatsApp's error answer as the port's error; a Boom's 400 is the caller's input. */
function refused(error: unknown): ActionRefusedError {
  const boom = error as Partial<Boom>;
  const status = boom.output?.statusCode;
  return new ActionRefusedError(`WhatsApp refused: ${boom.message ?? 'unknown error'}`, status === 400);
}

/** Absent (no picture, hidden by privacy) reads as "none", not as a failure. */
function absent(error: unknown): boolean {
  const status = (error as Partial<Boom>).output?.statusCode;
  const text = (error as Partial<Boom>).message ?? '';
  return status === 404 || status === 401 || /item-not-found|not-authorized/.test(text);
}

/** Contacts, calls and the own profile of one Baileys socket (port/contacts.ts). */
export function baileysContacts(
  sock: Socket,
  accountId: string,
  isOpen: () => boolean,
  /** The caller's JID exactly as the offer carried it (LID or PN), for the reject. */
  callerAsOffered: (callId: string) => string | undefined,
): ContactsSession {
  async function run<T>(work: () => Promise<T>): Promise<T> {
    if (!isOpen()) throw new NotConnectedError(accountId);
    try {
      return await work();
    } catch (error) {
      if (error instanceof ActionRefusedError) throw error;
      throw refused(error);
    }
  }

  return {
    checkNumbers: (jids) =>
      run(async (): Promise<NumberCheck[]> => {
        // onWhatsApp leaves out the numbers that are not on WhatsApp; match the rest by number.
        const found = (await sock.onWhatsApp(...jids)) ?? [];
        const byUser = new Map(found.filter((f) => f.exists).map((f) => [userOf(f.jid), f.jid]));
        return jids.map((jid) => {
          const resolvedJid = byUser.get(userOf(jid));
          return { jid, exists: resolvedJid !== undefined, ...(resolvedJid ? { resolvedJid } : {}) };
        });
      }),

    fetchProfile: (jid) =>
      run(async (): Promise<ContactProfile> => {
        const [statuses, pictureUrl, business] = await Promise.all([
          sock.fetchStatus(jid),
          sock.profilePictureUrl(jid, 'image').catch((error: unknown) => {
            if (absent(error)) return undefined;
            throw error;
          }),
          sock.getBusinessProfile(jid),
        ]);
        const status = (statuses?.[0] as { status?: { status?: string | null } } | undefined)?.status?.status;
        return {
          ...(status ? { about: status } : {}),
          ...(pictureUrl ? { pictureUrl } : {}),
          isBusiness: business !== undefined && business !== null,
        };
      }),

    setBlocked: (jid, blocked) => run(() => sock.updateBlockStatus(jid, blocked ? 'block' : 'unblock')),

    updateProfile: (update: OwnProfileUpdate) =>
      run(async () => {
        if (update.about !== undefined) await sock.updateProfileStatus(update.about);
        if (update.name !== undefined) await sock.updateProfileName(update.name);
      }),

    updateProfilePicture: (image) =>
      run(async () => {
        const me = sock.user?.id;
        if (!me) throw new NotConnectedError(accountId);
        await sock.updateProfilePicture(me, image);
      }),

    rejectCall: (callId, from) => run(() => sock.rejectCall(callId, callerAsOffered(callId) ?? from)),
  };
}
