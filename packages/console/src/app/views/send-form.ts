import type { ConsoleContext } from '../context.js';
import { busy, field, h } from '../dom.js';
import { toJid } from '../format.js';
import type { Notice } from './notice.js';

/** The gateway's upload route and form field for a file, by its type. */
function mediaKind(file: File): 'image' | 'video' | 'audio' | 'document' {
  if (/^image\/(jpeg|png|gif|webp)$/.test(file.type)) return 'image';
  if (/^video\//.test(file.type)) return 'video';
  if (/^audio\//.test(file.type)) return 'audio';
  return 'document';
}

/**
 * Send a text, or a file with an optional caption. `onSent` gets the chat so the panel can
 * open it; the new message then shows up there from the live `message` event.
 */
export function sendForm(
  ctx: ConsoleContext,
  accountId: string,
  notice: Notice,
  onSent: (chatId: string) => void,
) {
  const to = h('input', { name: 'to', required: true, autocomplete: 'off', spellcheck: 'false' });
  const text = h('textarea', { name: 'message', rows: 3, maxlength: 65536 });
  const file = h('input', { type: 'file', name: 'file' });
  const send = h('button', { type: 'submit' }, 'Send');
  const form = h(
    'form',
    { class: 'send-form', 'aria-label': 'Send a message' },
    field('To (phone number or JID)', to, 'e.g. +91 98765 43210 or 123-456@g.us'),
    field('Message (caption when a file is attached)', text),
    field('File (optional)', file),
    send,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(
      send,
      async () => {
        const jid = toJid(to.value);
        const attachment = file.files?.[0];
        const path = `/accounts/${encodeURIComponent(accountId)}/message/send`;
        let answer: { messageId: string };
        if (attachment) {
          const kind = mediaKind(attachment);
          const data = new FormData();
          data.append('to', jid);
          if (text.value && kind !== 'audio') data.append('caption', text.value);
          data.append(kind, attachment, attachment.name);
          answer = await ctx.api.request('POST', `${path}/${kind}`, data);
        } else {
          if (!text.value.trim()) throw new Error('Type a message or attach a file');
          answer = await ctx.api.request('POST', path, { to: jid, message: text.value });
        }
        notice.info(`Sent (message id ${answer.messageId})`);
        text.value = '';
        file.value = '';
        onSent(jid);
      },
      notice.error,
    );
  });
  return {
    root: form,
    setTo(chatId: string) {
      to.value = chatId;
    },
  };
}
