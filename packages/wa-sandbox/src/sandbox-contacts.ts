import {
  ActionRefusedError,
  type AuthStateAdapter,
  type ContactProfile,
  type ContactsSession,
  type NumberCheck,
  type OwnProfileUpdate,
} from '@wildcat/wa';
import { deliverReceipt, resolveAccount } from './deliver.js';
import type { SandboxCreds } from './frames.js';
import { sandboxKeys } from './keys.js';
import { readCall } from './sandbox-calls.js';
import type { SandboxHost } from './sandbox-host.js';
import type { SandboxSender } from './sandbox-outbound.js';

/** Largest picture the sandbox keeps (WhatsApp keeps a 640×640 JPEG; bytes travel as a data: URL). */
export const SANDBOX_PICTURE_MAX_BYTES = 1024 * 1024;

/** The image types a profile picture may be, by their first bytes. */
function imageType(image: Buffer): string | undefined {
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return 'image/jpeg';
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (
    image.subarray(0, 4).toString('latin1') === 'RIFF' &&
    image.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

export interface SandboxContactsOptions {
  host: SandboxHost;
  /** The open account (throws NotConnectedError when it is not open). */
  sender(): SandboxSender;
  auth: AuthStateAdapter;
  /** The account took a new name: later messages carry it. */
  renamed(name: string): void;
}

/**
 * Contacts in the sandbox network: a number "is on WhatsApp" when a sandbox account is linked to
 * it; profiles (name, about, picture) live in Redis per number; blocking is a set per account
 * that the delivery script and the calls consult.
 */
export function sandboxContacts(options: SandboxContactsOptions): ContactsSession {
  const { redis } = options.host;
  return {
    async checkNumbers(jids: readonly string[]): Promise<NumberCheck[]> {
      options.sender();
      const pipeline = redis.pipeline();
      for (const jid of jids) pipeline.exists(sandboxKeys.jid(jid));
      const answers = (await pipeline.exec()) ?? [];
      return jids.map((jid, index) => {
        const exists = answers[index]?.[1] === 1;
        return { jid, exists, ...(exists ? { resolvedJid: jid } : {}) };
      });
    },

    async fetchProfile(jid: string): Promise<ContactProfile> {
      const me = options.sender();
      const account = await resolveAccount(redis, jid);
      if (!account) return {};
      // Someone who blocked you shows you neither picture nor about, as on WhatsApp.
      const [blocked, profile] = await Promise.all([
        redis.sismember(sandboxKeys.blocked(account), me.jid),
        redis.hgetall(sandboxKeys.profile(jid)),
      ]);
      // A business shows itself as one even to those it blocked (its profile is public).
      const isBusiness = profile.business === '1';
      if (blocked === 1) return { isBusiness };
      return {
        ...(profile.about ? { about: profile.about } : {}),
        ...(profile.picture
          ? { pictureUrl: `data:${profile.pictureType ?? 'image/jpeg'};base64,${profile.picture}` }
          : {}),
        isBusiness,
      };
    },

    async setBlocked(jid: string, blocked: boolean): Promise<void> {
      const me = options.sender();
      const key = sandboxKeys.blocked(me.accountId);
      await (blocked ? redis.sadd(key, jid) : redis.srem(key, jid));
    },

    async updateProfile(update: OwnProfileUpdate): Promise<void> {
      const me = options.sender();
      const fields: Record<string, string> = {};
      if (update.name !== undefined) fields.name = update.name;
      if (update.about !== undefined) fields.about = update.about;
      if (Object.keys(fields).length > 0) await redis.hset(sandboxKeys.profile(me.jid), fields);
      if (update.name === undefined) return;
      // The push name is part of the linked device's credentials: the next login keeps it.
      const creds: SandboxCreds = {
        platform: 'wildcat-sandbox',
        registered: true,
        me: { id: me.jid, name: update.name },
      };
      await options.auth.writeCreds(creds);
      options.renamed(update.name);
    },

    async updateProfilePicture(image: Buffer): Promise<void> {
      const me = options.sender();
      const type = imageType(image);
      if (!type) throw new ActionRefusedError('picture must be a JPEG, PNG or WebP image', true);
      if (image.length > SANDBOX_PICTURE_MAX_BYTES)
        throw new ActionRefusedError(
          `picture must be at most ${SANDBOX_PICTURE_MAX_BYTES} bytes in the sandbox`,
          true,
        );
      await redis.hset(sandboxKeys.profile(me.jid), { picture: image.toString('base64'), pictureType: type });
    },

    async rejectCall(callId: string, from: string): Promise<void> {
      const me = options.sender();
      const call = await readCall(redis, callId);
      if (!call || call.from !== from) throw new ActionRefusedError(`no call ${callId} from ${from}`, true);
      await deliverReceipt(redis, call.fromAccount, {
        k: 'call',
        id: callId,
        from: me.jid,
        isVideo: call.isVideo,
        status: 'reject',
        ts: Date.now(),
      });
    },
  };
}
