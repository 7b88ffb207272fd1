import type { Message } from './types.js';

/** A message as the chat view shows it: the main line and small notes under it (pure, no DOM). */
export interface MessageSummary {
  text: string;
  notes: string[];
  /** A map link for locations. */
  link?: { href: string; label: string };
}

const coordinates = (latitude: number, longitude: number) =>
  `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;

function mainLine(message: Message): Pick<MessageSummary, 'text' | 'link'> {
  const { location, contacts, poll } = message;
  if (location) {
    const place = [location.name, location.address].filter(Boolean).join(' — ');
    const where = coordinates(location.latitude, location.longitude);
    return {
      text: `📍 ${location.live ? 'Live location' : 'Location'}: ${place ? `${place} (${where})` : where}`,
      link: {
        href: `https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`,
        label: 'Open map',
      },
    };
  }
  if (contacts?.length) {
    const cards = contacts.map((card) => (card.phone ? `${card.name} (+${card.phone})` : card.name));
    return {
      text: `👤 ${contacts.length === 1 ? 'Contact' : `${contacts.length} contacts`}: ${cards.join(', ')}`,
    };
  }
  if (poll) {
    const counts = new Map((poll.votes ?? []).map((tally) => [tally.option, tally.count]));
    const options = poll.options.map((option) =>
      poll.votes ? `${option} (${counts.get(option) ?? 0})` : option,
    );
    const pick =
      poll.selectableCount === 1
        ? 'pick one'
        : poll.selectableCount > 1
          ? `pick up to ${poll.selectableCount}`
          : 'pick any';
    return { text: `📊 Poll: ${poll.name} — ${options.join(' · ')} (${pick})` };
  }
  if (message.pollVote) {
    const picked = message.pollVote.options;
    return { text: picked.length ? `🗳 Voted: ${picked.join(', ')}` : '🗳 Withdrew a vote' };
  }
  if (message.type === 'reaction')
    return { text: message.emoji ? `Reacted ${message.emoji}` : 'Removed a reaction' };
  if (message.type === 'revoke') return { text: '🚫 Deleted a message' };
  if (message.type === 'unsupported')
    return { text: '❔ A message type this server cannot show (kept as received)' };
  if (message.text) return { text: message.text };
  if (
    message.hasMedia ||
    ['image', 'video', 'audio', 'voice', 'document', 'sticker'].includes(message.type)
  ) {
    const kind = message.type === 'voice' ? 'voice note' : message.type;
    return {
      text: `[${kind}${message.fileName ? `: ${message.fileName}` : ''}]${message.caption ? ` ${message.caption}` : ''}`,
    };
  }
  return { text: `[${message.type}]` };
}

export function messageSummary(message: Message): MessageSummary {
  const notes: string[] = [];
  if (message.forwarded) notes.push('Forwarded');
  if (message.selectedId) notes.push(`Chose: ${message.selectedId}`);
  if (message.quotedMessageId) notes.push(`Reply to ${message.quotedMessageId}`);
  if (message.editedAt) notes.push('Edited');
  if (message.deletedAt) notes.push('Deleted by the sender');
  if (message.type === 'unsupported' && message.raw)
    notes.push(message.raw.length > 200 ? `${message.raw.slice(0, 200)}…` : message.raw);
  return { ...mainLine(message), notes };
}
