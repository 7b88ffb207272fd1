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

/** The media route for a file URL, by its extension (document when unknown). */
function urlKind(url: string): 'image' | 'video' | 'audio' | 'document' {
  const extension = /\.([a-z0-9]{1,5})(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase() ?? '';
  if (['jpg', 'jpeg', 'png', 'gif', 'webp'].includes(extension)) return 'image';
  if (['mp4', 'webm', 'mov', '3gp'].includes(extension)) return 'video';
  if (['mp3', 'ogg', 'opus', 'm4a', 'wav', 'aac'].includes(extension)) return 'audio';
  return 'document';
}

/**
 * Send a text, or a file (uploaded, or by URL for the worker to fetch) with an optional caption. `onSent` gets the chat so the panel can
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
  const fileUrl = h('input', { type: 'url', name: 'url', autocomplete: 'off', spellcheck: 'false' });
  const send = h('button', { type: 'submit' }, 'Send');
  const form = h(
    'form',
    { class: 'send-form', 'aria-label': 'Send a message' },
    field('To (phone number or JID)', to, 'e.g. +91 98765 43210 or 123-456@g.us'),
    field('Message (caption when a file is attached)', text),
    field('File (optional)', file),
    field('or a download link (optional)', fileUrl, 'https://… — the server fetches the file'),
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
        } else if (fileUrl.value.trim()) {
          const url = fileUrl.value.trim();
          const kind = urlKind(url);
          const caption = text.value && kind !== 'audio' ? { caption: text.value } : {};
          answer = await ctx.api.request('POST', `${path}/${kind}`, { to: jid, url, ...caption });
        } else {
          if (!text.value.trim()) throw new Error('Type a message, attach a file or give a file URL');
          answer = await ctx.api.request('POST', path, { to: jid, message: text.value });
        }
        notice.info(`Sent (message id ${answer.messageId})`);
        text.value = '';
        file.value = '';
        fileUrl.value = '';
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
    /** The chat "To" names, as a JID ('' while empty). */
    recipient: () => toJid(to.value),
  };
}
