import { h } from '../dom.js';
import { count } from './fleet-format.js';
import type { FleetSummary } from './fleet-types.js';

/**
 * What the operator would otherwise miss, at the top of the overview: accounts logged out (they
 * need a new QR) and accounts stuck reconnecting, each with a link to its page, where the fix is.
 */
export function alertsPanel() {
  const body = h('div', {});
  const root = h(
    'section',
    { class: 'card alerts', 'aria-labelledby': 'alerts-heading' },
    h('h2', { id: 'alerts-heading' }, 'Needs attention'),
    body,
  );

  function group(kind: string, title: string, fix: string, ids: string[], total: number) {
    const shown = ids.length < total ? ` (first ${ids.length} of ${count(total)})` : '';
    return h(
      'div',
      { class: 'alert-group', 'data-alert': kind },
      h('h3', {}, `${title}: ${count(total)}${shown}`),
      h(
        'ul',
        { class: 'alert-list' },
        ...ids.map((id) =>
          h(
            'li',
            {},
            h('a', { href: `#/accounts/${encodeURIComponent(id)}`, 'data-account': id }, `${fix} ${id}`),
          ),
        ),
      ),
    );
  }

  function show(summary: FleetSummary): void {
    const { loggedOut, stuckReconnecting } = summary.alerts;
    const loggedOutTotal = summary.accounts.counts.logged_out ?? loggedOut.length;
    const groups = [
      loggedOut.length
        ? group('logged-out', 'Logged out, need a new QR', 'Link again:', loggedOut, loggedOutTotal)
        : null,
      stuckReconnecting.length
        ? group(
            'stuck-reconnecting',
            'Stuck reconnecting for over 2 minutes',
            'Check:',
            stuckReconnecting,
            stuckReconnecting.length,
          )
        : null,
    ].filter((g) => g !== null);
    root.classList.toggle('alerts-active', groups.length > 0);
    body.replaceChildren(
      ...(groups.length ? groups : [h('p', { class: 'muted' }, 'Nothing needs attention.')]),
    );
  }
  return { root, show };
}
