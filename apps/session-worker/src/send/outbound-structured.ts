import type { SendJob } from '@wildcat/jobs';
import type { NewMessage } from '@wildcat/store';
import type { OutboundMessage } from '@wildcat/wa';
import { buildVcard } from './vcard.js';

type StructuredJob = Extract<SendJob, { kind: 'location' | 'contact' | 'poll' | 'poll-vote' }>;

/** The stored outbound message of a location, contact, poll or vote job (before it is sent). */
export function structuredDoc(doc: NewMessage, job: StructuredJob): NewMessage {
  const message = structuredOutbound(job);
  const quoted =
    'quotedMessageId' in job && job.quotedMessageId ? { quotedMessageId: job.quotedMessageId } : {};
  switch (message.kind) {
    case 'location':
      return { ...doc, location: message.location, ...quoted };
    case 'contact':
      return { ...doc, contacts: message.contacts, ...quoted };
    case 'poll':
      return { ...doc, poll: message.poll };
    case 'poll-vote':
      // The vote's own record (its send status); the poll's tally counts it once sent.
      return { ...doc, pollVote: { pollMessageId: message.pollMessageId, options: message.options } };
    default:
      return doc;
  }
}

/** The engine's view of a location, contact, poll or vote job (vCards built here, once). */
export function structuredOutbound(job: StructuredJob): OutboundMessage {
  const common = { messageId: job.messageId, to: job.to };
  switch (job.kind) {
    case 'location':
      return {
        ...common,
        kind: 'location',
        location: {
          latitude: job.latitude,
          longitude: job.longitude,
          ...(job.name ? { name: job.name } : {}),
          ...(job.address ? { address: job.address } : {}),
        },
        ...(job.quotedMessageId ? { quotedMessageId: job.quotedMessageId } : {}),
      };
    case 'contact':
      return {
        ...common,
        kind: 'contact',
        contacts: job.contacts.map((card) => ({
          name: card.name,
          phone: card.phone.replace(/\D/g, ''),
          vcard: buildVcard(card),
        })),
        ...(job.quotedMessageId ? { quotedMessageId: job.quotedMessageId } : {}),
      };
    case 'poll':
      return {
        ...common,
        kind: 'poll',
        poll: { name: job.name, options: job.options, selectableCount: job.selectableCount },
      };
    case 'poll-vote':
      return { ...common, kind: 'poll-vote', pollMessageId: job.pollMessageId, options: job.options };
  }
}
