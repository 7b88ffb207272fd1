import type { SendJob } from '@wildcat/jobs';
import type { MessageDoc, MessageType, NewMessage, Store } from '@wildcat/store';
import type { ForwardContent, MediaKind, OutboundMessage } from '@wildcat/wa';
import { ForwardSourceMissingError } from '../errors/forward-source-missing-error.js';

type EditJob = Extract<SendJob, { kind: 'edit' }>;
type ForwardJob = Extract<SendJob, { kind: 'forward' }>;

/** The fields every outbound message is stored with before it is sent (`queued`; acks move it on). */
export function queuedOutbound(job: SendJob, ownJid: string, type: MessageType): NewMessage {
  return {
    accountId: job.accountId,
    messageId: job.messageId,
    chatId: job.to,
    from: ownJid,
    fromMe: true,
    timestamp: job.acceptedAt,
    type,
    status: 'queued',
  };
}

const MEDIA: readonly string[] = ['image', 'video', 'audio', 'voice', 'document', 'sticker'];

/** The stored original of a forward, read when the forward is sent. */
export async function forwardSource(store: Store, job: ForwardJob): Promise<MessageDoc> {
  const source = await store.messages.get(job.accountId, job.sourceMessageId);
  if (!source || source.deletedAt)
    throw new ForwardSourceMissingError(job.sourceMessageId, 'message not found');
  if (MEDIA.includes(source.type) && !source.mediaId)
    throw new ForwardSourceMissingError(job.sourceMessageId, 'its media is not stored');
  return source;
}

/** The forward as stored: a copy of the original's content (its media file shared), marked forwarded. */
export function forwardDoc(job: ForwardJob, ownJid: string, source: MessageDoc): NewMessage {
  return {
    ...queuedOutbound(job, ownJid, source.type),
    forwarded: true,
    ...(source.text !== undefined ? { text: source.text } : {}),
    ...(source.caption !== undefined ? { caption: source.caption } : {}),
    ...(source.mediaId ? { hasMedia: true, mediaId: source.mediaId } : {}),
    ...(source.mimetype ? { mimetype: source.mimetype } : {}),
    ...(source.fileName ? { fileName: source.fileName } : {}),
    ...(source.location ? { location: source.location } : {}),
    ...(source.contacts ? { contacts: source.contacts } : {}),
  };
}

/** The engine's view of a forward; stored media is opened from GridFS (an engine may not need it). */
export function forwardOutbound(
  job: ForwardJob,
  source: MessageDoc,
  store: Store,
): Extract<OutboundMessage, { kind: 'forward' }> {
  return {
    messageId: job.messageId,
    to: job.to,
    kind: 'forward',
    sourceMessageId: job.sourceMessageId,
    content: forwardContent(source, store),
  };
}

function forwardContent(source: MessageDoc, store: Store): ForwardContent {
  if (source.type === 'location' && source.location) return { type: 'location', location: source.location };
  if (source.type === 'contact' && source.contacts) return { type: 'contact', contacts: source.contacts };
  if (source.mediaId && MEDIA.includes(source.type)) {
    const voice = source.type === 'voice';
    return {
      type: (voice ? 'audio' : source.type) as MediaKind,
      media: {
        stream: store.media.openDownload(source.mediaId),
        mimetype: source.mimetype ?? 'application/octet-stream',
        ...(source.fileName ? { fileName: source.fileName } : {}),
      },
      ...(source.caption ? { caption: source.caption } : {}),
      ...(voice ? { ptt: true } : {}),
    };
  }
  if (source.text !== undefined) return { type: 'text', text: source.text };
  throw new ForwardSourceMissingError(source.messageId, `a ${source.type} message cannot be forwarded`);
}

/** The edit as stored (its own row, as a revoke has): the new text and the message it edits. */
export function editDoc(job: EditJob, ownJid: string): NewMessage {
  return {
    ...queuedOutbound(job, ownJid, 'edit'),
    text: job.text,
    editedMessageId: job.targetMessageId,
  };
}

/** Once sent: the edited message keeps its id and gets the new text (or caption) and editedAt. */
export async function applyEdit(store: Store, job: EditJob): Promise<void> {
  const target = await store.messages.get(job.accountId, job.targetMessageId);
  if (!target) return;
  const field = target.type === 'text' ? 'text' : 'caption';
  await store.messages.patch(job.accountId, job.targetMessageId, { [field]: job.text, editedAt: Date.now() });
}
