import type { Boom } from '@hapi/boom';
import { type makeWASocket, toNumber, type WAMessage } from '@whiskeysockets/baileys';
import { type OutboundMessage, SendRefusedError, type SendResult } from '@wildcat/wa';
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
): Promise<SendResultWithContent> {
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
