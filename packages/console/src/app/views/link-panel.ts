import { ApiError } from '../api-error.js';
import type { ConsoleContext } from '../context.js';
import { busy, field, h } from '../dom.js';
import { showJid } from '../format.js';
import type { AccountStatus } from '../types.js';
import { createNotice } from './notice.js';

/**
 * Linking a number: the QR code as an image that is fetched again each time the worker reports
 * a new one (`account.qr` events), or a pairing code for a phone number. When the account turns
 * connected the panel says so by itself.
 */
export function linkPanel(ctx: ConsoleContext, accountId: string) {
  const notice = createNotice();
  const path = `/accounts/${encodeURIComponent(accountId)}`;
  const img = h('img', {
    class: 'qr',
    alt: `QR code to link ${accountId}`,
    width: 264,
    height: 264,
    hidden: true,
  });
  const waiting = h('p', { class: 'muted qr-waiting' }, 'Waiting for a QR code…');
  const connected = h('p', { class: 'linked', hidden: true });
  let objectUrl: string | undefined;
  let loading = 0;
  // Events can arrive out of order (a late QR after "connected"): never show a QR once linked.
  let linked = false;

  async function refreshQr(): Promise<void> {
    const ticket = ++loading;
    try {
      const blob = await ctx.api.blob(`${path}/qr?format=png`);
      if (ticket !== loading || linked) return; // a newer QR is on its way, or no longer needed
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(blob);
      img.src = objectUrl;
      img.dataset.qrVersion = String(ticket);
      img.hidden = false;
      waiting.hidden = true;
    } catch (error) {
      if (ticket !== loading) return;
      img.hidden = true;
      waiting.hidden = false;
      // 404 simply means no QR right now (already linked, or not connecting).
      if (!(error instanceof ApiError && error.status === 404)) notice.error(error);
    }
  }

  const phone = h('input', {
    type: 'tel',
    name: 'phone',
    autocomplete: 'tel',
    inputmode: 'tel',
    required: true,
  });
  const codeButton = h('button', { type: 'submit' }, 'Get pairing code');
  const code = h('output', { class: 'pairing-code', 'aria-live': 'polite' });
  const pairForm = h(
    'form',
    { class: 'pair-form' },
    field('Phone number with country code', phone, 'e.g. +91 98765 43210'),
    codeButton,
    code,
  );
  pairForm.addEventListener('submit', (event) => {
    event.preventDefault();
    // data-state says where the request is (waiting, code, error), for styles and tests.
    pairForm.dataset.state = 'waiting';
    void busy(
      codeButton,
      async () => {
        const answer = await ctx.api.request<{ code: string }>('POST', `${path}/pairing-code`, {
          phone: phone.value,
        });
        code.textContent = answer.code;
        pairForm.dataset.state = 'code';
        notice.info('On the phone: WhatsApp → Linked devices → Link with phone number, then type this code.');
      },
      (error) => {
        pairForm.dataset.state = 'error';
        notice.error(error);
      },
    );
  });

  const linking = h(
    'div',
    { class: 'link-grid' },
    h(
      'div',
      {},
      h('h3', {}, 'Scan the QR code'),
      h('p', { class: 'muted' }, 'On the phone: WhatsApp → Settings → Linked devices → Link a device.'),
      img,
      waiting,
    ),
    h('div', {}, h('h3', {}, 'Or use a pairing code'), pairForm),
  );

  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'link-heading' },
    h('h2', { id: 'link-heading' }, 'Link a number'),
    notice.root,
    connected,
    linking,
  );

  function show(status: AccountStatus, hasQR: boolean, jid?: string): void {
    const isConnected = status === 'connected';
    linked = isConnected;
    connected.hidden = !isConnected;
    linking.hidden = isConnected;
    connected.textContent = isConnected
      ? `Linked${jid ? ` to ${showJid(jid)}` : ''}. This account is connected.`
      : '';
    if (isConnected) {
      img.hidden = true;
      code.textContent = '';
      notice.clear();
    } else if (hasQR) void refreshQr();
    else {
      img.hidden = true;
      waiting.hidden = false;
      // A paired account (it has a number) reconnects with its session: no QR code to wait for.
      waiting.textContent =
        status === 'connecting' || status === 'reconnecting'
          ? jid
            ? 'Reconnecting with the saved session…'
            : 'Waiting for a QR code…'
          : jid
            ? 'Not connected. Press Connect to reconnect with the saved session (no QR code needed).'
            : 'Not connecting right now. Press Connect to get a QR code.';
    }
  }

  const unsubscribe = ctx.onEvent((event) => {
    if (event.accountId !== accountId) return;
    if (event.type === 'account.qr' && !linked) {
      linking.hidden = false;
      connected.hidden = true;
      void refreshQr();
    }
    if (event.type === 'account.status') {
      const data = event.data as { status: AccountStatus; hasQR?: boolean; jid?: string };
      show(data.status, data.hasQR === true, data.jid);
    }
  });

  return {
    root,
    show,
    dispose() {
      unsubscribe();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
  };
}
