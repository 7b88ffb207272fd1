import type { EngineHandlers } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { deleteBlob } from './blob-store.js';
import { acknowledgeDelivery } from './deliver.js';
import type { InboxFrame } from './frames.js';
import { inboundOf } from './wire-body.js';

export interface InboxFrameContext {
  redis: Redis;
  handlers: EngineHandlers;
  /** The receiving account's own JID, which its delivery receipts come from. */
  jid: string | undefined;
}

/**
 * One inbox entry through the session's ordered handler chain (`emit`): a receipt to onReceipt,
 * a call stage to onCall, a group notification to onGroupEvent, a message to onMessage, then its
 * media blob is freed and the sender hears "delivered".
 */
export async function handleInboxFrame(
  frame: InboxFrame,
  { redis, handlers, jid }: InboxFrameContext,
  emit: <T>(call: () => T | Promise<T>) => Promise<T>,
): Promise<void> {
  if (frame.k === 'receipt') {
    await emit(() =>
      handlers.onReceipt({
        type: 'receipt',
        messageId: frame.id,
        chatId: frame.chatId,
        from: frame.from,
        status: frame.status,
        timestamp: frame.ts,
      }),
    );
    return;
  }
  if (frame.k === 'call') {
    const call = { callId: frame.id, from: frame.from, isVideo: frame.isVideo, status: frame.status };
    await emit(() => handlers.onCall?.({ ...call, timestamp: frame.ts }));
    return;
  }
  if (frame.k === 'group') return void (await emit(() => handlers.onGroupEvent?.(frame.event)));
  if (frame.k === 'contacts') return void (await emit(() => handlers.onContacts?.(frame.contacts)));
  const message = inboundOf(redis, frame);
  await emit(() => handlers.onMessage(message));
  // A group's media has many readers: it expires with its TTL instead.
  if ('blobId' in frame.body && !frame.group) await deleteBlob(redis, frame.body.blobId);
  if (frame.body.type !== 'reaction' && frame.body.type !== 'revoke' && jid && frame.fromAccount)
    await acknowledgeDelivery(redis, frame, jid);
}

/** `msg:<id>`, `receipt:<id>:delivered`, …: an inbox frame in a trace line. */
export function frameLabel(frame: InboxFrame): string {
  if (frame.k === 'group' || frame.k === 'contacts') return frame.k;
  return frame.k === 'msg' ? `msg:${frame.id}` : `${frame.k}:${frame.id}:${frame.status}`;
}
