import type { ConsoleContext } from '../context.js';
import { busy, h, replaceChildren } from '../dom.js';
import { isoTime, shortTime } from '../format.js';
import type { Delivery } from '../types.js';
import type { Notice } from './notice.js';

// A delivery still queued or between attempts is already on its way; anything that has
// finished (dead-lettered, skipped, or delivered and worth sending again) can be retried.
const RETRYABLE = new Set(['dead', 'failed', 'skipped', 'delivered']);

/** The recent deliveries of one webhook, newest first, with a retry button where it helps. */
export function deliveriesTable(ctx: ConsoleContext, webhookId: string, notice: Notice) {
  const path = `/webhooks/${encodeURIComponent(webhookId)}/deliveries`;
  const body = h('tbody', {}, h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'Loading…')));
  const table = h(
    'table',
    { class: 'deliveries' },
    h('caption', {}, 'Recent deliveries'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Event', 'Status', 'Attempts', 'Last answer', 'When', ''].map((label) =>
          h('th', { scope: 'col' }, label),
        ),
      ),
    ),
    body,
  );
  const wrapper = h('div', { class: 'table-scroll' }, table);

  function row(delivery: Delivery): HTMLTableRowElement {
    const retry = h('button', { type: 'button', class: 'secondary' }, 'Retry');
    retry.setAttribute('aria-label', `Retry delivery of ${delivery.eventType} ${delivery.eventId}`);
    retry.addEventListener('click', () => {
      void busy(
        retry,
        async () => {
          await ctx.api.request('POST', `${path}/${encodeURIComponent(delivery.id)}/retry`);
          notice.info('Delivery queued again');
          await load();
        },
        notice.error,
      );
    });
    const answer = delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? '');
    const when = delivery.updatedAt ?? delivery.createdAt;
    return h(
      'tr',
      { 'data-delivery': delivery.id, 'data-status': delivery.status },
      // data-label: on a phone each row becomes a small card labelled cell by cell (CSS).
      h('td', { 'data-label': 'Event' }, delivery.eventType),
      h(
        'td',
        { 'data-label': 'Status' },
        h('span', { class: `pill pill-${delivery.status}` }, delivery.status),
      ),
      h('td', { 'data-label': 'Attempts' }, delivery.attempts),
      h('td', { 'data-label': 'Last answer', title: delivery.lastError ?? '' }, answer),
      h('td', { 'data-label': 'When' }, h('time', { datetime: isoTime(when) }, shortTime(when))),
      h('td', {}, RETRYABLE.has(delivery.status) ? retry : null),
    );
  }

  async function load(): Promise<void> {
    try {
      const { deliveries } = await ctx.api.request<{ deliveries: Delivery[] }>('GET', `${path}?limit=20`);
      if (deliveries.length === 0) {
        replaceChildren(body, h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No deliveries yet.')));
      } else replaceChildren(body, ...deliveries.map(row));
    } catch (error) {
      notice.error(error);
    }
  }

  return { root: wrapper, load };
}
