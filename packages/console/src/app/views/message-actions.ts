import type { ConsoleContext } from '../context.js';
import { toJid } from '../format.js';
import type { Message } from '../types.js';
import type { MessageActions } from './messages-list.js';
import type { Notice } from './notice.js';

/**
 * Edit and forward from a message's buttons: the browser's own prompt asks for the new text or
 * the number to forward to, the gateway does the rest; `changed` reloads the open chat.
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
