import type { ConsoleContext, View } from '../context.js';
import { busy, field, h, replaceChildren } from '../dom.js';
import { showJid } from '../format.js';
import type { Account, AccountStatus } from '../types.js';
import { confirmButton, createNotice } from './notice.js';
import { setBadge, statusBadge } from './status-badge.js';

/** The home page: every account with its live status, a create form and delete buttons. */
export function accountsView(ctx: ConsoleContext): View {
  const notice = createNotice();
  const list = h('ul', { class: 'account-list', 'aria-label': 'Accounts' });
  const empty = h('p', { class: 'muted' }, 'No accounts yet. Create one to link a WhatsApp number.');
  const badges = new Map<string, HTMLElement>();

  const idInput = h('input', {
    name: 'id',
    required: true,
    pattern: '[A-Za-z0-9_\\-]{1,64}',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const nameInput = h('input', { name: 'name', maxlength: 200, autocomplete: 'off' });
  const create = h('button', { type: 'submit' }, 'Create account');
  const form = h(
    'form',
    { class: 'card create-form', 'aria-labelledby': 'create-heading' },
    h('h2', { id: 'create-heading' }, 'New account'),
    field('Account id', idInput, 'Letters, digits, _ or -, e.g. sales-1'),
    field('Name (optional)', nameInput),
    create,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(
      create,
      async () => {
        const id = idInput.value.trim();
        await ctx.api.request('POST', '/accounts', {
          id,
          ...(nameInput.value.trim() ? { name: nameInput.value.trim() } : {}),
        });
        // Straight to the account page, where its QR code appears.
        location.hash = `#/accounts/${encodeURIComponent(id)}`;
      },
      notice.error,
    );
  });

  function row(account: Account): HTMLLIElement {
    const badge = statusBadge(account.status);
    badges.set(account._id, badge);
    const remove = confirmButton('Delete', 'Really delete?', (button) => {
      void busy(
        button,
        async () => {
          await ctx.api.request('DELETE', `/accounts/${encodeURIComponent(account._id)}`);
          notice.info(`Account ${account._id} deleted`);
          await load();
        },
        notice.error,
      );
    });
    remove.setAttribute('aria-label', `Delete ${account._id}`);
    return h(
      'li',
      { class: 'account-row', 'data-account': account._id },
      h(
        'div',
        { class: 'account-main' },
        h(
          'a',
          { href: `#/accounts/${encodeURIComponent(account._id)}`, class: 'account-link' },
          account.name || account._id,
        ),
        account.name && account.name !== account._id ? h('span', { class: 'muted' }, account._id) : null,
        account.jid ? h('span', { class: 'muted' }, showJid(account.jid)) : null,
      ),
      badge,
      remove,
    );
  }

  async function load(): Promise<void> {
    try {
      const { accounts } = await ctx.api.request<{ accounts: Account[] }>('GET', '/accounts');
      badges.clear();
      replaceChildren(list, ...accounts.map(row));
      empty.hidden = accounts.length > 0;
      list.hidden = accounts.length === 0;
    } catch (error) {
      notice.error(error);
    }
  }

  const unsubscribe = ctx.onEvent((event) => {
    if (event.type !== 'account.status') return;
    const badge = badges.get(event.accountId);
    // An account created elsewhere (another tab, the API): reload the list to show it.
    if (!badge) return void load();
    setBadge(badge, event.data.status as AccountStatus);
  });

  void load();
  const root = h(
    'section',
    { class: 'page', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title', tabindex: '-1' }, 'Accounts'),
    notice.root,
    h('div', { class: 'card' }, list, empty),
    form,
  );
  return { root, dispose: unsubscribe };
}
