import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { proto } from '@whiskeysockets/baileys';

/** What identifies a poll vote's key: the poll, its author and the voter, as WhatsApp derives it. */
export interface PollVoteContext {
  pollMessageId: string;
  /** JID of the poll's author (user JID, no device). */
  pollCreatorJid: string;
  /** JID of the voter (user JID, no device). */
  voterJid: string;
  /** The poll's `messageContextInfo.messageSecret` (32 bytes). */
  messageSecret: Uint8Array;
}

/**
 * WhatsApp's poll-vote key, written out here with node:crypto (not Baileys' helper), so the
 * tests check our adapter against an independent implementation: HMAC-SHA256 of the secret
 * under 32 zero bytes, then HMAC-SHA256 of id‖creator‖voter‖"Poll Vote"‖0x01 under that.
 */
function voteKey(ctx: PollVoteContext): Buffer {
  const key0 = createHmac('sha256', Buffer.alloc(32)).update(ctx.messageSecret).digest();
  const info = Buffer.concat([
    Buffer.from(ctx.pollMessageId),
    Buffer.from(ctx.pollCreatorJid),
    Buffer.from(ctx.voterJid),
    Buffer.from('Poll Vote'),
    Buffer.from([1]),
  ]);
  return createHmac('sha256', key0).update(info).digest();
}

const aad = (ctx: PollVoteContext) => Buffer.from(`${ctx.pollMessageId}\u0000${ctx.voterJid}`);

export const optionHash = (name: string) => createHash('sha256').update(name).digest();

/** AES-256-GCM of the PollVoteMessage (SHA-256 of each chosen option name); the tag follows the ciphertext. */
export function encryptVote(options: readonly string[], ctx: PollVoteContext) {
  const plain = proto.Message.PollVoteMessage.encode({ selectedOptions: options.map(optionHash) }).finish();
  const encIv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', voteKey(ctx), encIv);
  cipher.setAAD(aad(ctx));
  const encPayload = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { encPayload, encIv };
}

/** The option hashes a vote carries (throws when the context is not the one it was encrypted under). */
export function decryptVote(
  vote: { encPayload: Uint8Array; encIv: Uint8Array },
  ctx: PollVoteContext,
): Buffer[] {
  const payload = Buffer.from(vote.encPayload);
  const decipher = createDecipheriv('aes-256-gcm', voteKey(ctx), Buffer.from(vote.encIv));
  decipher.setAAD(aad(ctx));
  decipher.setAuthTag(payload.subarray(payload.length - 16));
  const plain = Buffer.concat([decipher.update(payload.subarray(0, payload.length - 16)), decipher.final()]);
  return (proto.Message.PollVoteMessage.decode(plain).selectedOptions ?? []).map((h) => Buffer.from(h));
}

/** A vote the peer casts: the poll, its secret, the option names; the poll's author is the account unless given. */
export interface PeerPollVote {
  pollMessageId: string;
  messageSecret: Uint8Array;
  options: readonly string[];
  pollCreatorJid?: string;
}

/** The pollUpdateMessage contact `voter` sends about a poll of account `account` (phone numbers). */
export function pollVoteMessage(voter: string, account: string, vote: PeerPollVote): proto.IMessage {
  const ctx = {
    pollMessageId: vote.pollMessageId,
    pollCreatorJid: vote.pollCreatorJid ?? `${account}@s.whatsapp.net`,
    voterJid: `${voter}@s.whatsapp.net`,
    messageSecret: vote.messageSecret,
  };
  return {
    pollUpdateMessage: {
      pollCreationMessageKey: { remoteJid: ctx.pollCreatorJid, fromMe: false, id: vote.pollMessageId },
      vote: encryptVote(vote.options, ctx),
      senderTimestampMs: Date.now(),
    },
  };
}
