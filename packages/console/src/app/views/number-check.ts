import type { ConsoleContext } from '../context.js';
import { busy, field, h, replaceChildren } from '../dom.js';
import { showJid } from '../format.js';
import { createNotice } from './notice.js';

interface CheckResult {
  input: string;
  exists: boolean;
  jid?: string;
}

/** Which numbers are on WhatsApp: one per line (or comma-separated), up to 50, answered in order. */
export function numberCheckPanel(ctx: ConsoleContext, accountId: string) {
  const notice = createNotice();
  const numbers = h('textarea', { name: 'numbers', rows: 3, spellcheck: 'false', autocomplete: 'off' });
  const check = h('button', { type: 'submit' }, 'Check');
  const results = h('ul', { class: 'number-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'number-check', 'aria-label': 'Check numbers on WhatsApp' },
    field('Numbers (one per line, up to 50)', numbers, 'e.g. +91 98765 43210'),
    check,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(
      check,
      async () => {
        notice.clear();
        const list = numbers.value
          .split(/[\n,;]+/)
          .map((line) => line.trim())
          .filter(Boolean);
        if (list.length === 0) throw new Error('Type at least one number');
        const answer = await ctx.api.request<{ results: CheckResult[] }>(
          'POST',
          `/accounts/${encodeURIComponent(accountId)}/contacts/check`,
          { numbers: list },
        );
        replaceChildren(
          results,
          ...answer.results.map((result) =>
            h(
              'li',
              { class: result.exists ? 'on-whatsapp' : 'not-on-whatsapp' },
              `${result.input}: `,
              result.exists && result.jid ? `on WhatsApp (${showJid(result.jid)})` : 'not on WhatsApp',
            ),
          ),
        );
      },
      notice.error,
    );
  });
  return {
    root: h(
      'section',
      { class: 'card', 'aria-labelledby': 'number-check-heading' },
      h('h2', { id: 'number-check-heading' }, 'Number check'),
      notice.root,
      form,
      results,
    ),
  };
}
