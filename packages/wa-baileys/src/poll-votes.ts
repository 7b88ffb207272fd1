import { randomBytes } from 'node:crypto';
import {
  aesEncryptGCM,
  decryptPollVote,
  hmacSign,
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
  sha256,
  toNumber,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import type { EngineHandlers, InboundMessage } from '@wildcat/wa';
import type { Logger } from 'pino';
import { authorOf, chatIdOf } from './jids.js';
import type { StoredContent } from './stored-content.js';

/** Loads a stored message of this account (the poll) by id; undefined on a miss. */
export type LoadStored = (messageId: string) => Promise<Partial<StoredContent> | undefined>;

export interface PollIdentity {
  /** Own PN JID (no device) and, when known, own LID. */
  ownJid: string;
  ownLid?: string;
}

function pollCreationOf(message: proto.IMessage | null | undefined) {
  const content = normalizeMessageContent(message);
  return content?.pollCreationMessage ?? content?.pollCreationMessageV2 ?? content?.pollCreationMessageV3;
}

const optionHash = (name: string) => Buffer.from(sha256(Buffer.from(name))).toString('hex');

const unique = (jids: (string | null | undefined)[]) => [
  ...new Set(jids.filter((jid): jid is string => !!jid).map((jid) => jidNormalizedUser(jid))),
];

/** Who may have been named as a message's author when the vote was encrypted: its PN and its LID. */
function authorCandidates(key: WAMessageKey, who: PollIdentity): string[] {
  if (key.fromMe) return unique([who.ownJid, who.ownLid]);
  if (key.participant) return unique([key.participant, key.participantAlt]);
  return unique([key.remoteJid, key.remoteJidAlt]);
}

/**
 * A poll vote, decrypted. rc14 no longer decrypts votes itself: the vote is AES-GCM under a key
 * derived from the poll's `messageSecret` (kept in the poll's stored content), the poll id and
 * both authors' JIDs, and carries SHA-256 hashes of the chosen option names, mapped back here.
 * Undefined when the poll is not stored here or no JID pairing decrypts it.
 */
export async function decodePollVote(
  message: WAMessage,
  who: PollIdentity,
  load: LoadStored,
): Promise<InboundMessage | undefined> {
  const update = normalizeMessageContent(message.message)?.pollUpdateMessage;
  const pollKey = update?.pollCreationMessageKey;
  const { encPayload, encIv } = update?.vote ?? {};
  if (!pollKey?.id || !encPayload || !encIv || !message.key.id || !message.key.remoteJid) return undefined;
  const stored = await load(pollKey.id);
  const creation = pollCreationOf(stored?.message);
  const secret = stored?.message?.messageContextInfo?.messageSecret;
  if (!creation || !secret) return undefined;
  const creators = authorCandidates(stored?.key ?? pollKey, who);
  const voters = authorCandidates(message.key, who);
  let vote: proto.Message.PollVoteMessage | undefined;
  for (const pollCreatorJid of creators) {
    for (const voterJid of voters) {
      try {
        vote = decryptPollVote(
          { encPayload, encIv },
          { pollCreatorJid, pollMsgId: pollKey.id, pollEncKey: secret, voterJid },
        );
        break;
      } catch {
        // GCM authentication failed: this pairing of JIDs is not the one the voter used.
      }
    }
    if (vote) break;
  }
  if (!vote) return undefined;
  const names = new Map(
    (creation.options ?? []).map((o) => [optionHash(o.optionName ?? ''), o.optionName ?? '']),
  );
  const selectedOptions = (vote.selectedOptions ?? [])
    .map((hash) => names.get(Buffer.from(hash).toString('hex')))
    .filter((name): name is string => name !== undefined);
  const sentMs = update?.senderTimestampMs ? toNumber(update.senderTimestampMs) : 0;
  const seconds = message.messageTimestamp ? toNumber(message.messageTimestamp) : 0;
  return {
    id: message.key.id,
    chatId: chatIdOf(message.key),
    from: authorOf(message.key, who.ownJid),
    fromMe: message.key.fromMe === true,
    timestamp: sentMs > 0 ? sentMs : seconds > 0 ? seconds * 1000 : Date.now(),
    ...(message.pushName ? { pushName: message.pushName } : {}),
    type: 'poll-vote',
    pollMessageId: pollKey.id,
    selectedOptions,
  };
}

/** The key derivation of Baileys' decryptPollVote, run the other way to cast our own vote. */
export function encryptPollVote(
  selected: readonly string[],
  ctx: { pollCreatorJid: string; pollMsgId: string; pollEncKey: Uint8Array; voterJid: string },
): { encPayload: Buffer; encIv: Buffer } {
  const sign = Buffer.concat([
    Buffer.from(ctx.pollMsgId),
    Buffer.from(ctx.pollCreatorJid),
    Buffer.from(ctx.voterJid),
    Buffer.from('Poll Vote'),
    Buffer.from([1]),
  ]);
  const key0 = hmacSign(Buffer.from(ctx.pollEncKey), new Uint8Array(32), 'sha256');
  const encKey = hmacSign(sign, key0, 'sha256');
  const plain = proto.Message.PollVoteMessage.encode({
    selectedOptions: selected.map((name) => sha256(Buffer.from(name))),
  }).finish();
  const encIv = randomBytes(12);
  const aad = Buffer.from(`${ctx.pollMsgId}\u0000${ctx.voterJid}`);
  return { encPayload: Buffer.from(aesEncryptGCM(plain, encKey, encIv, aad)), encIv };
}

/** The pollUpdateMessage that votes `options` on a stored poll, as this account. */
export async function pollVoteContent(
  vote: { to: string; pollMessageId: string; options: readonly string[] },
  who: PollIdentity,
  load: LoadStored,
): Promise<proto.IMessage | undefined> {
  const stored = await load(vote.pollMessageId);
  const secret = stored?.message?.messageContextInfo?.messageSecret;
  if (!pollCreationOf(stored?.message) || !secret) return undefined;
  const key: WAMessageKey = {
    remoteJid: vote.to,
    id: vote.pollMessageId,
    fromMe: stored?.key?.fromMe ?? false,
    ...(stored?.key?.participant ? { participant: stored.key.participant } : {}),
  };
  const creator = key.fromMe ? who.ownJid : jidNormalizedUser(key.participant ?? vote.to);
  return {
    pollUpdateMessage: {
      pollCreationMessageKey: key,
      vote: encryptPollVote(vote.options, {
        pollCreatorJid: creator,
        pollMsgId: vote.pollMessageId,
        pollEncKey: secret,
        voterJid: who.ownJid,
      }),
      senderTimestampMs: Date.now(),
    },
  };
}

/** Whether a Baileys message is a poll vote (decoded by decodePollVote, not mapInbound). */
export function isPollVote(message: WAMessage): boolean {
  return !!normalizeMessageContent(message.message)?.pollUpdateMessage;
}

/** A vote, decrypted with the poll's stored secret, to the worker; one we cannot decrypt is logged and skipped. */
export async function deliverPollVote(
  message: WAMessage,
  who: PollIdentity,
  load: LoadStored,
  handlers: Pick<EngineHandlers, 'onMessage'>,
  logger: Logger,
): Promise<void> {
  const vote = await decodePollVote(message, who, load);
  if (!vote) {
    logger.warn({ messageId: message.key.id }, 'poll vote for a poll not stored here, or undecryptable');
    return;
  }
  await handlers.onMessage(vote);
}
