import type { SendJob } from './send-job.js';

const TYPE_OF_KIND = {
  text: 'text',
  reply: 'text',
  image: 'image',
  video: 'video',
  audio: 'audio',
  document: 'document',
  react: 'reaction',
  delete: 'revoke',
  edit: 'edit',
  // A forward takes its original's type, known once the worker stored it.
  forward: 'unknown',
  sticker: 'sticker',
  location: 'location',
  contact: 'contact',
  poll: 'poll',
  'poll-vote': 'poll_vote',
} as const satisfies Record<SendJob['kind'], string>;

/**
 * The type the message a send job sends is stored and shown as, on the sender's side as on the
 * recipient's: push-to-talk audio is a `voice` note.
 */
export function sentMessageType(job: SendJob): (typeof TYPE_OF_KIND)[SendJob['kind']] | 'voice' {
  return job.kind === 'audio' && job.ptt ? 'voice' : TYPE_OF_KIND[job.kind];
}
