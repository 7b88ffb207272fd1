import { type SendJob, sentMessageType } from '@wildcat/jobs';
import type { MessageDoc } from '@wildcat/store';
import type { MessageView } from '../routes/messages/schema.js';

const OPTIONAL_FIELDS = [
  'text',
  'caption',
  'hasMedia',
  'mediaId',
  'mimetype',
  'fileName',
  'error',
  'quotedMessageId',
  'pushName',
  'reactionTo',
  'emoji',
  'deletedAt',
  'editedAt',
  'location',
  'contacts',
  'poll',
  'selectedId',
  'forwarded',
  'participant',
  'mentions',
  'raw',
  'pollVote',
] as const;

/** A stored message in the reference's shape; absent or null fields are left out. */
export function messageView(doc: MessageDoc, withAccount = false): MessageView {
  const view: MessageView = {
    messageId: doc.messageId,
    from: doc.from,
    chatId: doc.chatId,
    timestamp: doc.timestamp,
    type: doc.type,
    fromMe: doc.fromMe,
    status: doc.status,
    ...(withAccount ? { accountId: doc.accountId } : {}),
  };
  const target = view as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) {
    const value = doc[field];
    if (value !== undefined && value !== null) target[field] = value;
  }
  return view;
}

/** An outbound message the worker has not recorded yet, seen through its send job. */
export function pendingMessageView(
  job: SendJob,
  state: 'queued' | 'failed',
  ownJid: string | undefined,
  error?: string,
): MessageView {
  const view: MessageView = {
    messageId: job.messageId,
    from: ownJid ?? '',
    chatId: job.to,
    timestamp: job.acceptedAt,
    type: sentMessageType(job),
    fromMe: true,
    status: state,
    ...(error ? { error } : {}),
  };
  if ('text' in job) view.text = job.text;
  if ('mediaId' in job) Object.assign(view, { hasMedia: true, mediaId: job.mediaId, mimetype: job.mimetype });
  if ('caption' in job && job.caption) view.caption = job.caption;
  if ('fileName' in job && job.fileName) view.fileName = job.fileName;
  if (job.kind === 'reply') view.quotedMessageId = job.quotedMessageId;
  if (job.kind === 'react') Object.assign(view, { reactionTo: job.targetMessageId, emoji: job.emoji });
  if (job.kind === 'location') {
    const { latitude, longitude, name, address } = job;
    view.location = { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
  }
  if (job.kind === 'poll')
    view.poll = { name: job.name, options: job.options, selectableCount: job.selectableCount };
  if (job.kind === 'poll-vote') view.pollVote = { pollMessageId: job.pollMessageId, options: job.options };
  return view;
}
