import type { Api } from '../api.js';
import { busy, field, h } from '../dom.js';
import type { Notice } from '../views/notice.js';
import { count } from './fleet-format.js';
import type { BulkAction, BulkResult } from './fleet-types.js';

/** POST /fleet/accounts/actions takes at most this many ids; a larger selection goes in parts. */
const PER_REQUEST = 1_000;

/** The button, the confirmation's verb (before the count) and the outcome (before the count). */
const VERB: Record<BulkAction, { button: string; confirm: string; done: string }> = {
  connect: { button: 'Connect', confirm: 'Connect', done: 'Connect queued for' },
  disconnect: { button: 'Disconnect', confirm: 'Disconnect', done: 'Disconnect queued for' },
  'set-webhook': { button: 'Set webhook', confirm: 'Set a webhook on', done: 'Webhook set on' },
};

const accountsText = (n: number) => `${count(n)} account${n === 1 ? '' : 's'}`;

/** Sends the action for every selected id, in parts, and gathers the per-id results. */
async function runBulk(api: Api, action: BulkAction, ids: string[], url?: string): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (let start = 0; start < ids.length; start += PER_REQUEST) {
    const answer = await api.request<{ results: BulkResult[] }>('POST', '/fleet/accounts/actions', {
      action,
      accountIds: ids.slice(start, start + PER_REQUEST),
      ...(url ? { webhook: { url } } : {}),
    });
    results.push(...answer.results);
  }
  return results;
}

/**
 * The bar above the table: how many accounts are selected, the bulk actions, and a modal
 * confirmation that names the count (and takes the URL for "Set webhook") before anything is sent.
 */
export function bulkActions(deps: {
  api: Api;
  notice: Notice;
  selection: Set<string>;
  /** After an action: clear what was done from the selection and reload the page. */
  onDone(succeeded: string[]): Promise<void>;
  onClear(): void;
}) {
  const { selection, notice } = deps;
  const selected = h('p', { class: 'bulk-count', role: 'status', 'aria-live': 'polite' });
  const clear = h('button', { type: 'button', class: 'secondary' }, 'Clear selection');
  const buttons = (Object.keys(VERB) as BulkAction[]).map((action) => {
    const button = h(
      'button',
      { type: 'button', class: 'secondary', 'data-action': action },
      VERB[action].button,
    );
    button.addEventListener('click', () => ask(action));
    return button;
  });

  const question = h('h2', { id: 'bulk-question' });
  const urlInput = h('input', { type: 'url', name: 'webhook-url', placeholder: 'https://example.com/hook' });
  const urlField = field(
    'Webhook URL',
    urlInput,
    'Each selected account gets this subscription (all events).',
  );
  const confirm = h('button', { type: 'submit', value: 'confirm' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const form = h(
    'form',
    { method: 'dialog' },
    question,
    urlField,
    h('div', { class: 'actions' }, confirm, cancel),
  );
  const dialog = h('dialog', { class: 'bulk-dialog', 'aria-labelledby': 'bulk-question' }, form);
  cancel.addEventListener('click', () => dialog.close());
  let pending: BulkAction | undefined;

  function ask(action: BulkAction): void {
    const n = selection.size;
    if (n === 0) return;
    pending = action;
    question.textContent = `${VERB[action].confirm} ${accountsText(n)}?`;
    confirm.textContent = `${VERB[action].confirm} ${accountsText(n)}`;
    urlField.hidden = action !== 'set-webhook';
    urlInput.required = action === 'set-webhook';
    dialog.showModal();
    (action === 'set-webhook' ? urlInput : confirm).focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const action = pending;
    if (!action) return;
    const ids = [...selection];
    void busy(
      confirm,
      async () => {
        const results = await runBulk(
          deps.api,
          action,
          ids,
          action === 'set-webhook' ? urlInput.value.trim() : undefined,
        );
        dialog.close();
        const done = results.filter((result) => result.ok).map((result) => result.accountId);
        const failed = results.filter((result) => !result.ok);
        const head = `${VERB[action].done} ${accountsText(done.length)}.`;
        if (failed.length === 0) notice.info(head);
        else
          notice.error(
            new Error(
              `${head} ${accountsText(failed.length)} failed: ${failed
                .slice(0, 5)
                .map((result) => `${result.accountId} (${result.error ?? 'failed'})`)
                .join(', ')}${failed.length > 5 ? ', …' : ''}`,
            ),
          );
        await deps.onDone(done);
      },
      (error) => {
        dialog.close();
        notice.error(error);
      },
    );
  });

  clear.addEventListener('click', () => {
    selection.clear();
    deps.onClear();
    update();
  });

  function update(): void {
    const n = selection.size;
    selected.textContent = n === 0 ? 'No accounts selected' : `${accountsText(n)} selected`;
    selected.dataset.count = String(n);
    for (const button of [...buttons, clear]) button.disabled = n === 0;
  }
  update();

  const root = h(
    'div',
    { class: 'bulk-bar', role: 'group', 'aria-label': 'Bulk actions on the selected accounts' },
    selected,
    h('div', { class: 'actions' }, ...buttons, clear),
    dialog,
  );
  return { root, update };
}
