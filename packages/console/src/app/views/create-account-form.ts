import type { ConsoleContext } from '../context.js';
import { busy, field, h } from '../dom.js';
import type { Notice } from './notice.js';

/** "New account": creates it and opens its page, where its QR code appears. */
export function createAccountForm(ctx: ConsoleContext, notice: Notice): HTMLFormElement {
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
        location.hash = `#/accounts/${encodeURIComponent(id)}`;
      },
      notice.error,
    );
  });
  return form;
}
