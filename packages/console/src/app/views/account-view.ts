import type { ConsoleContext, View } from '../context.js';
import { busy, h } from '../dom.js';
import { showJid } from '../format.js';
import type { Account, AccountStatus } from '../types.js';
import { chatsPanel } from './chats-panel.js';
import { linkPanel } from './link-panel.js';
import { confirmButton, createNotice } from './notice.js';
import { setBadge, statusBadge } from './status-badge.js';
import { webhooksPanel } from './webhooks-panel.js';

/** One account: live status, connection buttons, linking, chats and webhooks. */
export function accountView(ctx: ConsoleContext, accountId: string): View {
  const notice = createNotice();
  const path = `/accounts/${encodeURIComponent(accountId)}`;
  const badge = statusBadge('not_started');
  badge.id = 'account-status';
  const jidLine = h('p', { class: 'muted' });
  const title = h('h1', { id: 'page-title', tabindex: '-1' }, accountId);
  const link = linkPanel(ctx, accountId);
  const chats = chatsPanel(ctx, accountId);
  const hooks = webhooksPanel(ctx, accountId);

  function action(label: string, route: string, done: string): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => {
      void busy(
        button,
        async () => {
          await ctx.api.request('POST', `${path}/${route}`);
          notice.info(done);
        },
        notice.error,
      );
    });
    return button;
  }

  const remove = confirmButton('Delete account', 'Really delete it and all its data?', (button) => {
    void busy(
      button,
      async () => {
        await ctx.api.request('DELETE', path);
        location.hash = '#/';
      },
      notice.error,
    );
  });

  function show(status: AccountStatus, hasQR: boolean, jid?: string): void {
    setBadge(badge, status);
    if (jid) jidLine.textContent = `Number: ${showJid(jid)}`;
    link.show(status, hasQR, jid);
  }

  async function load(): Promise<void> {
    try {
      const { account } = await ctx.api.request<{ account: Account }>('GET', path);
      title.textContent =
        account.name && account.name !== account._id ? `${account.name} (${account._id})` : account._id;
      show(account.status, account.hasQR, account.jid);
    } catch (error) {
      notice.error(error);
    }
  }

  const unsubscribe = ctx.onEvent((event) => {
    if (event.accountId !== accountId || event.type !== 'account.status') return;
    const data = event.data as { status: AccountStatus; jid?: string };
    setBadge(badge, data.status);
    if (data.jid) jidLine.textContent = `Number: ${showJid(data.jid)}`;
  });

  void load();
  const root = h(
    'section',
    { class: 'page', 'aria-labelledby': 'page-title' },
    h('p', {}, h('a', { href: '#/' }, '← All accounts')),
    h('div', { class: 'account-head' }, title, h('p', { class: 'status-line' }, 'Status: ', badge)),
    jidLine,
    notice.root,
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': 'Connection' },
      action('Connect', 'connect', 'Connecting…'),
      action('Disconnect', 'disconnect', 'Disconnected (the session is kept)'),
      action('Log out', 'logout', 'Logged out: link the number again to use it'),
      remove,
    ),
    link.root,
    chats.root,
    hooks.root,
  );
  return {
    root,
    dispose() {
      unsubscribe();
      link.dispose();
      chats.dispose();
      hooks.dispose();
    },
  };
}
