import type { ConsoleContext } from '../context.js';
import { busy, field, h } from '../dom.js';
import type { Notice } from './notice.js';

/** "Name, +phone" per line → contact cards; a line without a comma names no number and is refused. */
export function parseContactLines(value: string): { name: string; phone: string }[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const comma = line.lastIndexOf(',');
      if (comma <= 0) throw new Error(`Write each contact as "Name, +phone number" (got "${line}")`);
      return { name: line.slice(0, comma).trim(), phone: line.slice(comma + 1).trim() };
    });
}

/** Non-empty trimmed lines (poll options). */
const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** A number the user typed, or undefined (left empty) for the gateway to name as missing. */
const numberOf = (value: string) => (value.trim() === '' ? undefined : Number(value));

/**
 * Location, contact cards and polls, each a small form sending to the chat the main send form
 * names (`to()`); the gateway checks the fields and its error says what to fix.
 */
export function structuredSendForms(
  ctx: ConsoleContext,
  accountId: string,
  notice: Notice,
  to: () => string,
  onSent: (chatId: string) => void,
) {
  const path = `/accounts/${encodeURIComponent(accountId)}/message/send`;
  function form(
    kind: 'location' | 'contact' | 'poll',
    label: string,
    fields: HTMLElement[],
    body: () => object,
    reset: () => void,
  ) {
    const send = h('button', { type: 'submit' }, `Send ${kind}`);
    const root = h('form', { class: 'send-form structured', 'aria-label': label }, ...fields, send);
    root.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(
        send,
        async () => {
          const chatId = to();
          if (!chatId) throw new Error('Fill in "To" above first');
          const answer = await ctx.api.request<{ messageId: string }>('POST', `${path}/${kind}`, {
            to: chatId,
            ...body(),
          });
          notice.info(`Sent ${kind} (message id ${answer.messageId})`);
          reset();
          onSent(chatId);
        },
        notice.error,
      );
    });
    return root;
  }

  const input = (name: string, attrs: Record<string, string | number> = {}) =>
    h('input', { name, autocomplete: 'off', ...attrs });
  const latitude = input('latitude', { inputmode: 'decimal' });
  const longitude = input('longitude', { inputmode: 'decimal' });
  const place = input('place');
  const address = input('address');
  const location = form(
    'location',
    'Send a location',
    [
      field('Latitude', latitude, 'Degrees, -90 to 90 (south negative)'),
      field('Longitude', longitude, 'Degrees, -180 to 180 (west negative)'),
      field('Place name (optional)', place),
      field('Address (optional)', address),
    ],
    () => ({
      latitude: numberOf(latitude.value),
      longitude: numberOf(longitude.value),
      ...(place.value.trim() ? { name: place.value.trim() } : {}),
      ...(address.value.trim() ? { address: address.value.trim() } : {}),
    }),
    () => {
      for (const each of [latitude, longitude, place, address]) each.value = '';
    },
  );

  const cards = h('textarea', { name: 'contacts', rows: 3 });
  const contact = form(
    'contact',
    'Send contact cards',
    [
      field(
        'Contacts (one per line: Name, +phone)',
        cards,
        'Up to 20 cards, e.g. Ada Lovelace, +44 20 7946 0018',
      ),
    ],
    () => ({ contacts: parseContactLines(cards.value) }),
    () => {
      cards.value = '';
    },
  );

  const question = input('question', { maxlength: 255 });
  const options = h('textarea', { name: 'options', rows: 3 });
  const selectable = input('selectableCount', { type: 'number', min: 1, max: 12, value: 1 });
  const poll = form(
    'poll',
    'Send a poll',
    [
      field('Question', question),
      field('Options (one per line)', options, '2 to 12 distinct choices'),
      field('Choices per voter', selectable),
    ],
    () => ({
      name: question.value,
      options: lines(options.value),
      selectableCount: numberOf(selectable.value) ?? 1,
    }),
    () => {
      question.value = '';
      options.value = '';
      selectable.value = '1';
    },
  );

  return h(
    'details',
    { class: 'more-sends' },
    h('summary', {}, 'Send a location, contact or poll'),
    location,
    contact,
    poll,
  );
}
