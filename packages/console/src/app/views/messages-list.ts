import { h } from '../dom.js';
import { isoTime, shortTime, showJid } from '../format.js';
import type { Message } from '../types.js';

function body(message: Message): string {
  if (message.text) return message.text;
  if (message.hasMedia)
    return `[${message.type}${message.fileName ? `: ${message.fileName}` : ''}]${message.caption ? ` ${message.caption}` : ''}`;
  return `[${message.type}]`;
}

/** Messages oldest first, like a chat app; mine on the right. */
export function messageItems(messages: Message[]): HTMLLIElement[] {
  return [...messages]
    .sort((a, b) => a.timestamp - b.timestamp)
    .map((message) =>
      h(
        'li',
        { class: `message ${message.fromMe ? 'mine' : 'theirs'}`, 'data-message-id': message.messageId },
        h('p', { class: 'message-text' }, body(message)),
        h(
          'p',
          { class: 'message-meta' },
          message.fromMe ? 'You' : showJid(message.from),
          ' · ',
          h('time', { datetime: isoTime(message.timestamp) }, shortTime(message.timestamp)),
          message.fromMe && message.status ? ` · ${message.status}` : '',
        ),
      ),
    );
}
