import {
  type MessageUserReceiptUpdate,
  proto,
  toNumber,
  type WAMessageUpdate,
} from '@whiskeysockets/baileys';
import type { Receipt, ReceiptStatus } from '@wildcat/wa';
import { chatIdOf, preferPn } from './jids.js';

const Status = proto.WebMessageInfo.Status;

const STATUS_OF: Partial<Record<number, ReceiptStatus>> = {
  [Status.DELIVERY_ACK]: 'delivered',
  [Status.READ]: 'read',
  [Status.PLAYED]: 'played',
};

/**
 * 1:1 acks arrive as `messages.update` with a status (3 delivered, 4 read, 5 played) for a
 * message we sent; SERVER_ACK and errors are not receipts in our model (the send result is).
 */
export function receiptFromUpdate(update: WAMessageUpdate): Receipt | undefined {
  const { key } = update;
  const status = typeof update.update.status === 'number' ? STATUS_OF[update.update.status] : undefined;
  if (!status || !key.fromMe || !key.id || !key.remoteJid) return undefined;
  const chatId = chatIdOf(key);
  return {
    type: 'receipt',
    messageId: key.id,
    chatId,
    from: key.participant ? preferPn(key.participant, key.participantAlt) : chatId,
    status,
    timestamp: Date.now(),
  };
}

/** Group acks arrive per participant as `message-receipt.update` with one timestamp per stage. */
export function receiptFromUserReceipt(update: MessageUserReceiptUpdate): Receipt | undefined {
  const { key, receipt } = update;
  if (!key.fromMe || !key.id || !key.remoteJid || !receipt.userJid) return undefined;
  const stages: [ReceiptStatus, unknown][] = [
    ['played', receipt.playedTimestamp],
    ['read', receipt.readTimestamp],
    ['delivered', receipt.receiptTimestamp],
  ];
  const reached = stages.find(([, at]) => at);
  if (!reached) return undefined;
  const seconds = toNumber(reached[1] as number);
  return {
    type: 'receipt',
    messageId: key.id,
    chatId: chatIdOf(key),
    from: preferPn(receipt.userJid, undefined),
    status: reached[0],
    timestamp: seconds > 0 ? seconds * 1000 : Date.now(),
  };
}
