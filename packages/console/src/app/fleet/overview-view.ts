import type { ConsoleContext, View } from '../context.js';
import { h } from '../dom.js';
import { shortTime } from '../format.js';
import { createNotice } from '../views/notice.js';
import { alertsPanel } from './alerts-panel.js';
import type { FleetSummary, FleetTraffic } from './fleet-types.js';
import { startPolling } from './poller.js';
import { queuesPanel } from './queues-panel.js';
import { statusPanel } from './status-panel.js';
import { trafficChart } from './traffic-chart.js';
import { webhooksHealthPanel } from './webhooks-health-panel.js';

/** How often the overview asks again; the gateway caches both answers for about as long. */
const REFRESH_MS = 2_000;

/**
 * The console's home: alerts first, then accounts by status, traffic per second over 15 minutes,
 * the queues and the webhooks failing most, all live.
 */
export function overviewView(ctx: ConsoleContext): View {
  const notice = createNotice();
  const updated = h('p', { class: 'muted updated' });
  const alerts = alertsPanel();
  const status = statusPanel();
  const queues = queuesPanel();
  const webhooks = webhooksHealthPanel();
  const messages = trafficChart('messages-chart', 'Messages per second', [
    { label: 'Sent', colour: '#1d4ed8' },
    { label: 'Received', colour: '#15803d', dashed: true },
  ]);
  const deliveries = trafficChart('deliveries-chart', 'Webhook deliveries per second', [
    { label: 'OK', colour: '#15803d' },
    { label: 'Failed', colour: '#b91c1c', dashed: true },
  ]);

  const stop = startPolling(async () => {
    try {
      const [summary, traffic] = await Promise.all([
        ctx.api.request<FleetSummary & { ok: true }>('GET', '/fleet/summary'),
        ctx.api.request<FleetTraffic & { ok: true }>('GET', '/fleet/traffic'),
      ]);
      alerts.show(summary);
      status.show(summary);
      queues.show(summary.queues);
      const start = Date.parse(traffic.start) / 1000;
      messages.show(start, [traffic.series.sent, traffic.series.received]);
      deliveries.show(start, [traffic.series.webhookOk, traffic.series.webhookFailed]);
      webhooks.show(traffic.webhooks);
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
    h('div', { class: 'chart-grid' }, messages.root, deliveries.root),
    queues.root,
    webhooks.root,
  );
  return {
    root,
    dispose() {
      stop();
      messages.dispose();
      deliveries.dispose();
    },
  };
}
