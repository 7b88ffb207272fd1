import { generateWAMessageFromContent, type makeWASocket, toNumber } from '@whiskeysockets/baileys';
import { type OutboundMessage, SendRefusedError } from '@wildcat/wa';
import { type LoadStored, type PollIdentity, pollVoteContent } from './poll-votes.js';
import { encodeContent } from './stored-content.js';

type Socket = ReturnType<typeof makeWASocket>;

/**
 * Casts this account's vote: sendMessage has no content type for votes, so the encrypted
 * pollUpdateMessage is built here and relayed under our message id.
 */
export async function sendPollVote(
  sock: Socket,
  vote: Extract<OutboundMessage, { kind: 'poll-vote' }>,
  who: PollIdentity,
  load: LoadStored,
): Promise<{ messageId: string; timestamp: number; content?: string }> {
  const content = await pollVoteContent(vote, who, load);
  if (!content) throw new SendRefusedError(`poll ${vote.pollMessageId} is not stored with its secret`);
  const message = generateWAMessageFromContent(vote.to, content, {
    userJid: who.ownJid,
    messageId: vote.messageId,
  });
  try {
    await sock.relayMessage(vote.to, message.message!, { messageId: vote.messageId });
  } catch (error) {
    const boom = error as { message?: string; output?: { statusCode?: number } };
    throw new SendRefusedError(boom.message ?? 'send failed', boom.output?.statusCode);
  }
  const seconds = message.messageTimestamp ? toNumber(message.messageTimestamp) : 0;
  const stored = encodeContent(message);
  return {
    messageId: vote.messageId,
    timestamp: seconds > 0 ? seconds * 1000 : Date.now(),
    ...(stored ? { content: stored } : {}),
  };
}
