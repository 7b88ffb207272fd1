import { Api } from '../api.js';
import { busy, field, h } from '../dom.js';
import { createNotice } from './notice.js';

/**
 * Asks for the API key and checks it with one harmless call before keeping it, so a typo is
 * reported here ("That API key was refused") rather than on every panel.
 */
export function loginView(onAccepted: (key: string) => void, reason?: string): HTMLElement {
  const notice = createNotice();
  const key = h('input', {
    type: 'password',
    name: 'api-key',
    required: true,
    autocomplete: 'current-password',
    spellcheck: 'false',
  });
  const submit = h('button', { type: 'submit' }, 'Open console');
  const form = h(
    'form',
    { class: 'card login' },
    field(
      'API key',
      key,
      'One of the gateway’s API_KEYS, or with pnpm start the key in ./data/api-key. Kept in this tab only, until you close it.',
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = key.value.trim();
    void busy(
      submit,
      async () => {
        await new Api(value).request('GET', '/accounts');
        onAccepted(value);
      },
      (error) => {
        notice.error(error);
        key.focus();
        key.select();
      },
    );
  });
  if (reason) notice.error(reason);
  queueMicrotask(() => key.focus());
  return h(
    'section',
    { class: 'page narrow', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Sign in'),
    h('p', {}, 'The console uses the WILDCAT API with your API key.'),
    notice.root,
    form,
  );
}
