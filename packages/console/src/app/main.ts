import { Api } from './api.js';
import { KEY_REFUSED } from './api-error.js';
import { type ConsoleContext, createEventHub, type View } from './context.js';
import { replaceChildren } from './dom.js';
import { forgetKey, readKey, saveKey } from './key-store.js';
import { openLiveEvents, type StreamState } from './live-events.js';
import { resolveRoute } from './routes.js';
import { loginView } from './views/login-view.js';

const main = document.getElementById('main') as HTMLElement;
const live = document.getElementById('live-state') as HTMLElement;
const signOut = document.getElementById('sign-out') as HTMLButtonElement;
const pages = document.getElementById('pages') as HTMLElement;

const LIVE_TEXT: Record<StreamState, string> = {
  connecting: 'Live updates: connecting…',
  live: 'Live updates: on',
  retrying: 'Live updates: reconnecting…',
  refused: 'Live updates: key refused',
  unavailable: 'Live updates: not available on this gateway',
};

let current: View | undefined;
let closeStream: (() => void) | undefined;

function showLogin(reason?: string): void {
  closeStream?.();
  closeStream = undefined;
  current?.dispose();
  current = undefined;
  forgetKey();
  // Ends the Bull Board session cookie too (it is HttpOnly: only the gateway can clear it). A
  // failure is safe to drop: the session then ends by its Redis TTL.
  void fetch('/console/session', { method: 'DELETE' }).catch(() => {});
  signOut.hidden = true;
  pages.hidden = true;
  live.textContent = '';
  window.removeEventListener('hashchange', route);
  replaceChildren(main, loginView(start, reason));
}

let ctx: ConsoleContext | undefined;

function route(): void {
  if (!ctx) return;
  current?.dispose();
  const { view, nav } = resolveRoute(location.hash, ctx);
  current = view;
  // The page's own link in the navigation says "you are here" to screen readers and in style.
  for (const link of pages.querySelectorAll<HTMLAnchorElement>('a[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  replaceChildren(main, current.root);
  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  (main.querySelector('h1') as HTMLElement | null)?.focus({ preventScroll: false });
}

function start(key: string): void {
  saveKey(key);
  const api = new Api(key, () => showLogin(KEY_REFUSED));
  const hub = createEventHub();
  ctx = { api, onEvent: hub.subscribe };
  signOut.hidden = false;
  pages.hidden = false;
  // Bull Board opens in a browser tab, which cannot send the key: the gateway gives this browser
  // an HttpOnly session cookie for /admin/queues instead (the key never goes in a URL). A failure
  // is safe to drop: only the Bull Board link is affected, and it then shows the gateway's 401.
  api.request('POST', '/console/session').catch(() => {});
  closeStream = openLiveEvents(
    api,
    hub.emit,
    (state, detail) => {
      live.textContent = LIVE_TEXT[state];
      live.dataset.state = state;
      if (state === 'refused') showLogin(detail);
    },
    // Events were lost while we were away: render the page again from the API.
    route,
  );
  window.addEventListener('hashchange', route);
  route();
}

signOut.addEventListener('click', () => showLogin());

const saved = readKey();
if (saved) start(saved);
else showLogin();
