import { busy, field, h, uid } from '../dom.js';
import type { Notice } from './notice.js';

export type NewWebhook = {
  url: string;
  events?: string[];
  secret?: string;
};

/** URL, an events filter (none ticked = every event) and an optional signing secret. */
export function webhookForm(
  eventTypes: readonly string[],
  submit: (input: NewWebhook) => Promise<void>,
  notice: Notice,
): HTMLFormElement {
  const url = h('input', {
    type: 'url',
    name: 'url',
    required: true,
    placeholder: 'https://example.com/hook',
  });
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'new-password', minlength: 8 });
  const boxes = eventTypes.map((type) => {
    const id = uid('event');
    const box = h('input', { type: 'checkbox', id, name: 'events', value: type });
    return { box, label: h('label', { for: id, class: 'check' }, box, ` ${type}`) };
  });
  const add = h('button', { type: 'submit' }, 'Add webhook');
  const form = h(
    'form',
    { class: 'webhook-form', 'aria-labelledby': 'webhook-form-heading' },
    h('h3', { id: 'webhook-form-heading' }, 'Add a webhook'),
    field('URL', url),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Events (none ticked = all)'),
      h('div', { class: 'checks' }, ...boxes.map((entry) => entry.label)),
    ),
    field(
      'Signing secret (optional)',
      secret,
      'At least 8 characters. Deliveries then carry X-Wildcat-Signature (HMAC-SHA256).',
    ),
    add,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const events = boxes.filter((entry) => entry.box.checked).map((entry) => entry.box.value);
    void busy(
      add,
      async () => {
        await submit({
          url: url.value.trim(),
          ...(events.length > 0 ? { events } : {}),
          ...(secret.value ? { secret: secret.value } : {}),
        });
        form.reset();
      },
      notice.error,
    );
  });
  return form;
}
