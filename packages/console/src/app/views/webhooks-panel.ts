import type { ConsoleContext } from '../context.js';
import { busy, h, replaceChildren } from '../dom.js';
import { EVENT_TYPES, type Webhook } from '../types.js';
import { deliveriesTable } from './deliveries-table.js';
import { confirmButton, createNotice } from './notice.js';
import { webhookForm } from './webhook-form.js';

/** This account's webhooks: list, add, remove, and each one's recent deliveries. */
export function webhooksPanel(ctx: ConsoleContext, accountId: string) {
  const notice = createNotice();
  const base = `/accounts/${encodeURIComponent(accountId)}/webhooks`;
  const list = h('ul', { class: 'webhook-list', 'aria-label': 'Webhooks' });
  const tables = new Set<{ load(): Promise<void> }>();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function item(hook: Webhook): HTMLLIElement {
    const table = deliveriesTable(ctx, hook.id, notice);
    tables.add(table);
    const remove = confirmButton('Remove', 'Really remove?', (button) => {
      void busy(
        button,
        async () => {
          await ctx.api.request('DELETE', `${base}/${encodeURIComponent(hook.id)}`);
          notice.info('Webhook removed');
          await load();
        },
        notice.error,
      );
    });
    const refresh = h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void table.load() },
      'Refresh deliveries',
    );
    void table.load();
    const events = hook.events?.join(', ') || 'all events';
    return h(
      'li',
      { class: 'webhook', 'data-webhook': hook.id },
      h('p', { class: 'webhook-url' }, h('code', {}, hook.url)),
      h(
        'p',
        { class: 'muted' },
        `Events: ${events}`,
        hook.hasSecret ? ' · signed' : '',
        hook.enabled ? '' : ` · disabled${hook.disabledReason ? ` (${hook.disabledReason})` : ''}`,
      ),
      h('div', { class: 'actions' }, refresh, remove),
      table.root,
    );
  }

  async function load(): Promise<void> {
    try {
      const { webhooks } = await ctx.api.request<{ webhooks: Webhook[] }>('GET', base);
      tables.clear();
      if (webhooks.length === 0)
        replaceChildren(list, h('li', { class: 'muted' }, 'No webhooks for this account.'));
      else replaceChildren(list, ...webhooks.map(item));
    } catch (error) {
      notice.error(error);
    }
  }

  const form = webhookForm(
    EVENT_TYPES,
    async (input) => {
      await ctx.api.request('POST', base, input);
      notice.info(`Webhook added: ${input.url}`);
      await load();
    },
    notice,
  );

  // Deliveries follow events: when something happens on this account, look again shortly after
  // (the webhook worker needs a moment), instead of polling on a timer.
  const unsubscribe = ctx.onEvent((event) => {
    if (event.accountId !== accountId || tables.size === 0) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      for (const table of tables) void table.load();
      refreshTimer = setTimeout(() => {
        for (const table of tables) void table.load();
      }, 2_500);
    }, 800);
  });

  void load();
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'webhooks-heading' },
    h('h2', { id: 'webhooks-heading' }, 'Webhooks'),
    notice.root,
    list,
    form,
  );
  return {
    root,
    dispose() {
      unsubscribe();
      clearTimeout(refreshTimer);
    },
  };
}
