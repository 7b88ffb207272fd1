import { h } from '../dom.js';
import { showJid } from '../format.js';
import { FLEET_STATUS_LABELS, type FleetAccount, type FleetStatus } from './fleet-types.js';

/** A status as text with its colour (the text carries the meaning). */
export function fleetBadge(status: FleetStatus): HTMLSpanElement {
  return h(
    'span',
    { class: `badge fleet-badge status-${status}`, 'data-status': status },
    FLEET_STATUS_LABELS[status],
  );
}

/**
 * One page of accounts as a table with a checkbox per row. The selection is the caller's Set (it
 * outlives pages and filters); `onChange` reports each change so the bulk bar can count it.
 */
export function accountsTable(selection: Set<string>, onChange: () => void) {
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select all accounts on this page' });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'accounts-table' },
    h('caption', { class: 'visually-hidden' }, 'Accounts, one page'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'col-select' }, all),
        h('th', { scope: 'col' }, 'Account'),
        h('th', { scope: 'col', class: 'col-number' }, 'Number'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'col-created' }, 'Created'),
      ),
    ),
    body,
  );
  const boxes = new Map<string, HTMLInputElement>();
  const badges = new Map<string, HTMLElement>();

  function syncAll(): void {
    const ids = [...boxes.keys()];
    const chosen = ids.filter((id) => selection.has(id)).length;
    all.checked = ids.length > 0 && chosen === ids.length;
    all.indeterminate = chosen > 0 && chosen < ids.length;
    all.disabled = ids.length === 0;
  }

  all.addEventListener('change', () => {
    for (const [id, box] of boxes) {
      box.checked = all.checked;
      if (all.checked) selection.add(id);
      else selection.delete(id);
    }
    syncAll();
    onChange();
  });

  function row(account: FleetAccount): HTMLTableRowElement {
    const label = account.name && account.name !== account._id ? account.name : account._id;
    const box = h('input', { type: 'checkbox', 'aria-label': `Select ${account._id}` });
    box.checked = selection.has(account._id);
    box.addEventListener('change', () => {
      if (box.checked) selection.add(account._id);
      else selection.delete(account._id);
      syncAll();
      onChange();
    });
    boxes.set(account._id, box);
    const badge = fleetBadge(account.fleetStatus);
    badges.set(account._id, badge);
    return h(
      'tr',
      { 'data-account': account._id },
      h('td', { class: 'col-select' }, box),
      h(
        'td',
        { class: 'col-account' },
        h('a', { href: `#/accounts/${encodeURIComponent(account._id)}`, class: 'account-link' }, label),
        label !== account._id ? h('span', { class: 'muted account-id' }, account._id) : null,
      ),
      h(
        'td',
        { class: 'col-number' },
        account.jid ? showJid(account.jid) : h('span', { class: 'muted' }, '—'),
      ),
      h('td', {}, badge),
      h('td', { class: 'col-created' }, new Date(account.createdAt).toLocaleString()),
    );
  }

  return {
    root: h('div', { class: 'table-scroll' }, table),
    show(accounts: readonly FleetAccount[]): void {
      boxes.clear();
      badges.clear();
      body.replaceChildren(...accounts.map(row));
      syncAll();
    },
    /** A live status change of a row on screen. */
    setStatus(accountId: string, status: FleetStatus): void {
      const badge = badges.get(accountId);
      if (!badge) return;
      badge.className = `badge fleet-badge status-${status}`;
      badge.dataset.status = status;
      badge.textContent = FLEET_STATUS_LABELS[status];
    },
    /** After "Clear selection": the boxes on screen follow the emptied Set. */
    syncSelection(): void {
      for (const [id, box] of boxes) box.checked = selection.has(id);
      syncAll();
    },
  };
}
