import { h } from '../dom.js';
import type { AccountStatus } from '../types.js';

const LABELS: Record<AccountStatus, string> = {
  connecting: 'waiting for link',
  connected: 'connected',
  reconnecting: 'reconnecting',
  logged_out: 'logged out',
  not_started: 'not started',
};

/** Status as text and colour (the text carries the meaning; colour only helps). */
export function statusBadge(status: AccountStatus): HTMLSpanElement {
  return h('span', { class: `badge badge-${status}`, 'data-status': status }, LABELS[status] ?? status);
}

export function setBadge(badge: HTMLElement, status: AccountStatus): void {
  badge.className = `badge badge-${status}`;
  badge.dataset.status = status;
  badge.textContent = LABELS[status] ?? status;
}
