import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { OutboundMessage } from '@wildcat/wa';

type Structured = Extract<OutboundMessage, { kind: 'location' | 'contact' | 'poll' | 'sticker' }>;

/** Baileys' sendMessage content for a location, contact cards, a poll or a sticker. */
export function structuredContent(message: Structured): AnyMessageContent {
  switch (message.kind) {
    case 'location': {
      const { latitude, longitude, name, address } = message.location;
      return {
        location: {
          degreesLatitude: latitude,
          degreesLongitude: longitude,
          ...(name ? { name } : {}),
          ...(address ? { address } : {}),
        },
      };
    }
    case 'contact': {
      const [first] = message.contacts;
      return {
        contacts: {
          // WhatsApp titles a multi-card message "N contacts"; one card carries its own name.
          displayName:
            message.contacts.length === 1 && first ? first.name : `${message.contacts.length} contacts`,
          contacts: message.contacts.map((card) => ({ displayName: card.name, vcard: card.vcard })),
        },
      };
    }
    case 'poll':
      // Baileys draws the poll's 32-byte messageSecret, kept in the stored content for the votes.
      return {
        poll: {
          name: message.poll.name,
          values: message.poll.options,
          selectableCount: message.poll.selectableCount,
        },
      };
    case 'sticker':
      return { sticker: { stream: message.media.stream }, mimetype: message.media.mimetype };
  }
}
