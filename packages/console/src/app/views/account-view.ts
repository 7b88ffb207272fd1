import { ApiError } from '../api-error.js';
import type { ConsoleContext, View } from '../context.js';
import { busy, h } from '../dom.js';
import { showJid } from '../format.js';
import type { Account, AccountStatus } from '../types.js';
import { chatsPanel } from './chats-panel.js';
import { groupsPanel } from './groups-panel.js';
import { linkPanel } from './link-panel.js';
import { confirmButton, createNotice } from './notice.js';
import { numberCheckPanel } from './number-check.js';
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
  const numberCheck = numberCheckPanel(ctx, accountId);
  const groups = groupsPanel(ctx, accountId);

  let current: AccountStatus | undefined;
  let knownJid: string | undefined;

  function action(label: string, route: string, done: string): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => {
      void busy(
        button,
        async () => {
          const before = current;
          await ctx.api.request('POST', `${path}/${route}`);
          // the status may have moved on already (live events): then the badge says it all
          if (current === before) notice.info(done);
        },
        notice.error,
      );
    });
    return button;
  }

  const connect = action('Connect', 'connect', 'Connecting…');
  const disconnect = action('Disconnect', 'disconnect', 'Disconnected (the session is kept)');
  const logout = confirmButton('Log out', 'Really log out? The number must be linked again', (button) => {
    void busy(
      button,
      async () => {
        await ctx.api.request('POST', `${path}/logout`);
        notice.info('Logged out: link the number again to use it');
      },
      notice.error,
    );
  });

  const remove = confirmButton('Delete account', 'Really delete it and all its data?', (button) => {
    void busy(
      button,
      async () => {
        await ctx.api.request('DELETE', path);
        location.hash = '#/accounts';
      },
      notice.error,
    );
  });

  /** Only the buttons that do something in this state; the notice of an older action goes. */
  function setStatus(status: AccountStatus, jid?: string): void {
    if (current !== undefined && status !== current) notice.clear();
    current = status;
    if (jid) knownJid = jid;
    setBadge(badge, status);
    if (knownJid) jidLine.textContent = `Number: ${showJid(knownJid)}`;
    const live = status === 'connecting' || status === 'connected' || status === 'reconnecting';
    connect.hidden = live;
    disconnect.hidden = !live;
    // a linked number to unlink: not before the first scan, not after a logout
    logout.hidden = status === 'logged_out' || !knownJid;
  }

  function show(status: AccountStatus, hasQR: boolean, jid?: string): void {
    setStatus(status, jid);
    link.show(status, hasQR, status === 'logged_out' ? undefined : knownJid);
  }

  const page = h('div', { class: 'account-body' });
  const statusLine = h('p', { class: 'status-line' }, 'Status: ', badge);

  async function load(): Promise<void> {
    try {
      const { account } = await ctx.api.request<{ account: Account }>('GET', path);
      title.textContent =
        account.name && account.name !== account._id ? `${account.name} (${account._id})` : account._id;
      show(account.status, account.hasQR, account.jid);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        // nothing of an account page for an account that is not there
        title.textContent = 'Account not found';
        statusLine.remove();
        page.replaceChildren(h('p', {}, `There is no account “${accountId}”.`));
        return;
      }
      notice.error(error);
    }
  }

  const unsubscribe = ctx.onEvent((event) => {
    if (event.accountId !== accountId || event.type !== 'account.status') return;
    const data = event.data as { status: AccountStatus; jid?: string };
    setStatus(data.status, data.jid);
  });

  void load();
  const root = h(
    'section',
    { class: 'page', 'aria-labelledby': 'page-title' },
    h('p', {}, h('a', { href: '#/accounts' }, '← All accounts')),
    h('div', { class: 'account-head' }, title, statusLine),
    page,
  );
  page.append(
    jidLine,
    notice.root,
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': 'Connection' },
      connect,
      disconnect,
      logout,
      remove,
    ),
    link.root,
    chats.root,
    numberCheck.root,
    groups.root,
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
