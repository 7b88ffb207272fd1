import type { Boom } from '@hapi/boom';
import { isJidGroup, type makeWASocket, toNumber, type WAMessage } from '@whiskeysockets/baileys';
import {
  assertMaySendToGroup,
  type ConnectOptions,
  type OutboundMessage,
  SendRefusedError,
  type SendResult,
} from '@wildcat/wa';
import { type LoadMessage, toBaileysSend } from './outbound-content.js';
import { sendPollVote } from './poll-vote-send.js';
import type { PollIdentity } from './poll-votes.js';
import { encodeContent } from './stored-content.js';

type Socket = ReturnType<typeof makeWASocket>;

/** What the engine adds on top of the port: the content to store for getMessage. */
export type SendResultWithContent = SendResult & { content?: string };

/** One outbound message through an open socket, under our message id; refusals as SendRefusedError. */
export async function sendThroughSocket(
  sock: Socket,
  message: OutboundMessage,
  load: LoadMessage,
  who: PollIdentity,
  storedGroup?: ConnectOptions['cachedGroupMetadata'],
): Promise<SendResultWithContent> {
  // The stored copy (kept current by group events) decides, as WhatsApp's apps do; a group not
  // stored goes to WhatsApp as before, and its refusal comes back as a SendRefusedError.
  const group = isJidGroup(message.to) ? await storedGroup?.(message.to) : undefined;
  if (group) assertMaySendToGroup(group, [who.ownJid, who.ownLid]);
  if (message.kind === 'poll-vote') return sendPollVote(sock, message, who, load);
  const { content, options } = await toBaileysSend(message, load);
  let sent: WAMessage | undefined;
  try {
    sent = await sock.sendMessage(message.to, content, options);
  } catch (error) {
    const boom = error as Partial<Boom>;
    throw new SendRefusedError(boom.message ?? 'send failed', boom.output?.statusCode);
  }
  if (!sent?.key.id) throw new SendRefusedError('WhatsApp did not accept the message');
  const seconds = sent.messageTimestamp ? toNumber(sent.messageTimestamp) : 0;
  const stored = encodeContent(sent);
  return {
    messageId: sent.key.id,
    timestamp: seconds > 0 ? seconds * 1000 : Date.now(),
    ...(stored ? { content: stored } : {}),
  };
}
