import { h } from '../dom.js';
import { isoTime, shortTime, showJid } from '../format.js';
import { messageSummary } from '../message-summary.js';
import type { Message } from '../types.js';

function body(message: Message): HTMLElement[] {
  const summary = messageSummary(message);
  return [
    h(
      'p',
      { class: 'message-text' },
      summary.text,
      summary.link ? ' ' : null,
      summary.link
        ? h(
            'a',
            { href: summary.link.href, target: '_blank', rel: 'noopener noreferrer' },
            summary.link.label,
          )
        : null,
    ),
    ...summary.notes.map((note) => h('p', { class: 'message-note' }, note)),
  ];
}

/** Messages oldest first, like a chat app; mine on the right. */
export function messageItems(messages: Message[]): HTMLLIElement[] {
  return [...messages]
    .sort((a, b) => a.timestamp - b.timestamp)
    .map((message) =>
      h(
        'li',
        { class: `message ${message.fromMe ? 'mine' : 'theirs'}`, 'data-message-id': message.messageId },
        ...body(message),
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
