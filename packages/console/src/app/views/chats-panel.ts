import { ApiError } from '../api-error.js';
import type { ConsoleContext } from '../context.js';
import { h, replaceChildren } from '../dom.js';
import { shortTime, showJid } from '../format.js';
import type { Chat, Message } from '../types.js';
import { messageActions } from './message-actions.js';
import { messageItems } from './messages-list.js';
import { createNotice } from './notice.js';
import { sendForm } from './send-form.js';
import { structuredSendForms } from './send-structured-form.js';

/** Recent chats on the left, the open chat's messages on the right, and the send form. */
export function chatsPanel(ctx: ConsoleContext, accountId: string) {
  const notice = createNotice();
  const base = `/accounts/${encodeURIComponent(accountId)}`;
  const chatList = h('ul', { class: 'chat-list', 'aria-label': 'Recent chats' });
  const messageList = h('ol', { class: 'message-list', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const chatTitle = h('h3', { class: 'chat-title' }, 'No chat open');
  let openChat: string | undefined;
  const names = new Map<string, string>();
  const titleFor = (chatId: string) => {
    const name = names.get(chatId);
    return `Chat with ${name ? `${name} (${showJid(chatId)})` : showJid(chatId)}`;
  };

  const actions = messageActions(ctx, accountId, notice, () => {
    if (openChat) void open(openChat);
  });
  const sent = (chatId: string) => {
    void open(chatId);
    void loadChats();
  };
  const form = sendForm(ctx, accountId, notice, sent);
  const moreSends = structuredSendForms(ctx, accountId, notice, form.recipient, sent);

  function chatButton(chat: Chat): HTMLLIElement {
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'chat-button',
          'data-chat': chat.chatId,
          'aria-current': chat.chatId === openChat ? 'true' : undefined,
          onclick: () => void open(chat.chatId),
        },
        h('span', { class: 'chat-name' }, chat.name || showJid(chat.chatId)),
        chat.lastMessageTime ? h('span', { class: 'muted' }, shortTime(chat.lastMessageTime)) : null,
        chat.unreadCount > 0 ? h('span', { class: 'unread' }, `${chat.unreadCount} unread`) : null,
      ),
    );
  }

  async function loadChats(): Promise<void> {
    try {
      const { chats } = await ctx.api.request<{ chats: Chat[] }>('GET', `${base}/chats?limit=30`);
      // A chat only we have written to is not listed until the other side answers: keep the
      // open one on the list anyway, so the user sees where they are.
      if (openChat && !chats.some((chat) => chat.chatId === openChat)) {
        chats.unshift({ chatId: openChat, unreadCount: 0, lastMessageTime: 0 });
      }
      for (const chat of chats) if (chat.name) names.set(chat.chatId, chat.name);
      if (openChat) chatTitle.textContent = titleFor(openChat);
      if (chats.length === 0) replaceChildren(chatList, h('li', { class: 'muted' }, 'No chats yet.'));
      else replaceChildren(chatList, ...chats.map(chatButton));
      // Coming back to an account: open its latest conversation rather than an empty pane.
      if (!openChat && chats[0]) void open(chats[0].chatId);
    } catch (error) {
      notice.error(error);
    }
  }

  async function open(chatId: string): Promise<void> {
    openChat = chatId;
    form.setTo(chatId);
    chatTitle.textContent = titleFor(chatId);
    for (const button of chatList.querySelectorAll<HTMLButtonElement>('.chat-button')) {
      if (button.dataset.chat === chatId) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
    try {
      const { messages } = await ctx.api.request<{ messages: Message[] }>(
        'GET',
        `${base}/chats/${encodeURIComponent(chatId)}/messages?limit=50`,
      );
      if (openChat !== chatId) return;
      replaceChildren(messageList, ...messageItems(messages, actions));
      // opening a chat reads it: its unread count goes and its senders get read receipts (not waited for).
      // 404: a chat only written to is not listed yet, so there is nothing to clear.
      await ctx.api.request('POST', `${base}/chats/${encodeURIComponent(chatId)}/read?wait=false`).then(
        () => loadChats(),
        (error: unknown) => {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        },
      );
      if (messages.length === 0) messageList.append(h('li', { class: 'muted' }, 'No messages yet.'));
      messageList.lastElementChild?.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      notice.error(error);
    }
  }

  const unsubscribe = ctx.onEvent((event) => {
    // A vote changes the tally the poll's line shows.
    if (event.accountId !== accountId) return;
    if (!event.type.startsWith('message') && event.type !== 'poll.vote') return;
    void loadChats();
    const chatId = event.data.chatId;
    if (typeof chatId === 'string' && chatId === openChat) void open(chatId);
  });

  void loadChats();
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'chats-heading' },
    h('h2', { id: 'chats-heading' }, 'Chats'),
    notice.root,
    h(
      'div',
      { class: 'chat-grid' },
      h('div', { class: 'chat-column' }, chatList),
      h('div', { class: 'message-column' }, chatTitle, messageList, form.root, moreSends),
    ),
  );
  return { root, dispose: unsubscribe };
}
