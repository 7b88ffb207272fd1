import { h } from '../dom.js';
import { shortTime } from '../format.js';
import { count, percent } from './fleet-format.js';
import type { WebhookHealth } from './fleet-types.js';

const COLUMNS = ['Webhook', 'Account', 'Failure rate', 'Failed / ok', 'Circuit'] as const;

const BREAKER_TEXT = {
  closed: 'closed',
  open: 'open',
  'half-open': 'half-open (probing)',
} as const;

/**
 * The webhooks failing most over the last 15 minutes and their circuit breaker: an open circuit
 * holds deliveries until its cooldown ends. Each links to its account's page, where its
 * deliveries and the retry button are.
 */
export function webhooksHealthPanel() {
  const rows = h('tbody', {});
  const empty = h('p', { class: 'muted' }, 'No webhook failed in the last 15 minutes.');
  const table = h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'webhooks-heading' },
    h(
      'table',
      { class: 'fleet-table' },
      h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
      rows,
    ),
  );
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'webhooks-heading' },
    h('h2', { id: 'webhooks-heading' }, 'Webhooks failing most'),
    empty,
    table,
  );

  function show(webhooks: WebhookHealth[]): void {
    empty.hidden = webhooks.length > 0;
    table.hidden = webhooks.length === 0;
    rows.replaceChildren(
      ...webhooks.map((w) =>
        h(
          'tr',
          { 'data-webhook': w.webhookId },
          h(
            'th',
            { scope: 'row', class: 'wrap' },
            w.url,
            w.enabled ? null : h('small', { class: 'muted' }, ' (disabled)'),
          ),
          h(
            'td',
            {},
            w.accountId
              ? h('a', { href: `#/accounts/${encodeURIComponent(w.accountId)}` }, w.accountId)
              : h('span', { class: 'muted' }, 'global'),
          ),
          h('td', { class: w.failureRate >= 0.5 ? 'bad' : '' }, percent(w.failed, w.ok + w.failed)),
          h('td', {}, `${count(w.failed)} / ${count(w.ok)}`),
          h(
            'td',
            { class: w.breaker === 'closed' ? '' : 'bad', 'data-breaker': w.breaker },
            BREAKER_TEXT[w.breaker],
            w.breakerOpenUntil ? h('small', {}, ` until ${shortTime(w.breakerOpenUntil)}`) : null,
          ),
        ),
      ),
    );
  }
  return { root, show };
}
