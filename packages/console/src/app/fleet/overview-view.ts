import type { ConsoleContext, View } from '../context.js';
import { h } from '../dom.js';
import { shortTime } from '../format.js';
import { createNotice } from '../views/notice.js';
import { alertsPanel } from './alerts-panel.js';
import type { FleetSummary } from './fleet-types.js';
import { startPolling } from './poller.js';
import { queuesPanel } from './queues-panel.js';
import { statusPanel } from './status-panel.js';

/** How often the overview asks again; the gateway caches the summary for about as long. */
const REFRESH_MS = 2_000;

/** The console's home: alerts first, then accounts by status and the queues, live. */
export function overviewView(ctx: ConsoleContext): View {
  const notice = createNotice();
  const updated = h('p', { class: 'muted updated', 'aria-live': 'off' });
  const alerts = alertsPanel();
  const status = statusPanel();
  const queues = queuesPanel();

  const stop = startPolling(async () => {
    try {
      const summary = await ctx.api.request<FleetSummary & { ok: true }>('GET', '/fleet/summary');
      alerts.show(summary);
      status.show(summary);
      queues.show(summary.queues);
      notice.clear();
      updated.textContent = `Updated ${shortTime(summary.time)}`;
    } catch (error) {
      notice.error(error);
    }
  }, REFRESH_MS);

  const root = h(
    'section',
    { class: 'page fleet-page', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title', tabindex: '-1' }, 'Fleet overview'),
    updated,
    notice.root,
    alerts.root,
    status.root,
    queues.root,
  );
  return { root, dispose: stop };
}
