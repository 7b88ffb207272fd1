import type { ConsoleContext } from '../context.js';
import { toJid } from '../format.js';
import type { Message } from '../types.js';
import type { MessageActions } from './messages-list.js';
import type { Notice } from './notice.js';

/**
 * Edit, forward and vote from a message's buttons: the browser's own prompt asks for the new
 * text, the number to forward to or the options picked, the gateway does the rest (and says what
 * to fix); `changed` reloads the open chat.
 */
export function messageActions(
  ctx: ConsoleContext,
  accountId: string,
  notice: Notice,
  changed: () => void,
): MessageActions {
  const base = `/accounts/${encodeURIComponent(accountId)}/message`;
  const run = (what: Promise<unknown>, done: string) =>
    void what.then(
      () => {
        notice.info(done);
        changed();
      },
      (error: unknown) => notice.error(error),
    );
  return {
    edit(message) {
      const current = message.type === 'text' ? message.text : message.caption;
      const text = window.prompt('New text', current ?? '');
      if (text === null || text.trim() === '' || text === current) return;
      run(ctx.api.request('POST', `${base}/edit`, { messageId: message.messageId, text }), 'Message edited');
    },
    vote(message) {
      const offered = message.poll?.options ?? [];
      const answer = window.prompt(
        `Vote: option names, comma-separated (${offered.join(', ')}); empty withdraws`,
      );
      if (answer === null) return;
      const options = answer
        .split(',')
        .map((option) => option.trim())
        .filter(Boolean);
      run(
        ctx.api.request('POST', `${base}/send/poll-vote`, {
          to: message.chatId ?? message.from,
          pollMessageId: message.messageId,
          options,
        }),
        options.length ? `Voted ${options.join(', ')}` : 'Vote withdrawn',
      );
    },
    forward(message: Message) {
      const to = window.prompt('Forward to (phone number or JID)');
      if (!to?.trim()) return;
      run(
        ctx.api.request('POST', `${base}/forward`, { messageId: message.messageId, to: toJid(to) }),
        `Forwarded to ${to}`,
      );
    },
  };
}
