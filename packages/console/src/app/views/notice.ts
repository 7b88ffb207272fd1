import { errorText } from '../api-error.js';
import { h } from '../dom.js';

/**
 * A message area for one part of the page: errors are announced at once (role=alert), other
 * news politely (role=status). Both regions exist from the start so screen readers watch them.
 */
export function createNotice() {
  const alert = h('p', { class: 'notice notice-error', role: 'alert', hidden: true });
  const status = h('p', { class: 'notice notice-info', role: 'status' });
  const root = h('div', { class: 'notices' }, alert, status);
  return {
    root,
    error(error: unknown): void {
      alert.textContent = errorText(error);
      alert.hidden = false;
      status.textContent = '';
    },
    info(text: string): void {
      alert.hidden = true;
      alert.textContent = '';
      status.textContent = text;
    },
    clear(): void {
      alert.hidden = true;
      alert.textContent = '';
      status.textContent = '';
    },
  };
}

export type Notice = ReturnType<typeof createNotice>;

/**
 * A delete button that asks again in place (a native confirm() would block and is easy to
 * dismiss by accident): "Delete" → "Really delete?" + "Cancel".
 */
export function confirmButton(
  label: string,
  confirmLabel: string,
  onConfirm: (button: HTMLButtonElement) => void,
) {
  const wrapper = h('span', { class: 'confirm' });
  const start = h('button', { type: 'button', class: 'danger' }, label);
  const yes = h('button', { type: 'button', class: 'danger' }, confirmLabel);
  const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const show = (asking: boolean) => {
    wrapper.replaceChildren(...(asking ? [yes, no] : [start]));
    (asking ? yes : start).focus();
  };
  start.addEventListener('click', () => show(true));
  no.addEventListener('click', () => show(false));
  yes.addEventListener('click', () => onConfirm(yes));
  wrapper.append(start);
  return wrapper;
}
