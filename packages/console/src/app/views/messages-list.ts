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

/** What a message offers besides reading it; the chats panel supplies the calls. */
export interface MessageActions {
  edit(message: Message): void;
  forward(message: Message): void;
  vote(message: Message): void;
}

/** WhatsApp takes edits of own texts and captions for 15 minutes. */
const EDIT_WINDOW_MS = 15 * 60_000;
const canEdit = (message: Message) =>
  message.fromMe &&
  ['text', 'image', 'video', 'document'].includes(message.type) &&
  Date.now() - message.timestamp < EDIT_WINDOW_MS;
const canForward = (message: Message) =>
  !['reaction', 'revoke', 'edit', 'poll', 'poll_vote', 'unsupported', 'unknown'].includes(message.type);

function actionButtons(message: Message, actions: MessageActions | undefined): HTMLElement[] {
  if (!actions) return [];
  const button = (label: string, run: () => void) =>
    h('button', { type: 'button', class: 'message-action', onclick: run }, label);
  return [
    ...(canEdit(message) ? [button('Edit', () => actions.edit(message))] : []),
    ...(canForward(message) ? [button('Forward', () => actions.forward(message))] : []),
    ...(message.poll ? [button('Vote', () => actions.vote(message))] : []),
  ];
}

/** Messages oldest first, like a chat app; mine on the right. */
export function messageItems(messages: Message[], actions?: MessageActions): HTMLLIElement[] {
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
          ...actionButtons(message, actions),
        ),
      ),
    );
}
