import type { ConsoleContext, View } from './context.js';
import { h } from './dom.js';
import { overviewView } from './fleet/overview-view.js';
import { workersView } from './fleet/workers-view.js';
import { accountView } from './views/account-view.js';
import { accountsView } from './views/accounts-view.js';

/** The console's pages in the top navigation; `data-nav` on each link names one of these. */
export type NavSection = 'overview' | 'workers' | 'accounts';

interface Route {
  pattern: RegExp;
  nav: NavSection | undefined;
  view(ctx: ConsoleContext, params: string[]): View;
}

/**
 * Hash routes, first match wins: `#/` overview (the home page), `#/workers`, `#/accounts`,
 * `#/accounts/<id>`. One table, so a new page is one line here and one link in index.html.
 */
const ROUTES: Route[] = [
  { pattern: /^#\/accounts\/([^/?]+)/, nav: 'accounts', view: (ctx, [id]) => accountView(ctx, decode(id)) },
  { pattern: /^#\/accounts\/?(\?.*)?$/, nav: 'accounts', view: (ctx) => accountsView(ctx) },
  { pattern: /^#\/workers\/?$/, nav: 'workers', view: (ctx) => workersView(ctx) },
  { pattern: /^(#\/?)?$/, nav: 'overview', view: (ctx) => overviewView(ctx) },
];

export function resolveRoute(hash: string, ctx: ConsoleContext): { view: View; nav: NavSection | undefined } {
  for (const route of ROUTES) {
    const match = route.pattern.exec(hash);
    if (match) return { view: route.view(ctx, match.slice(1) as string[]), nav: route.nav };
  }
  return { view: notFoundView(hash), nav: undefined };
}

function decode(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    return value ?? '';
  }
}

function notFoundView(hash: string): View {
  const root = h(
    'section',
    { class: 'page', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title', tabindex: '-1' }, 'Page not found'),
    h('p', {}, `The console has no page “${hash}”. `, h('a', { href: '#/' }, 'Go to the fleet overview')),
  );
  return { root, dispose() {} };
}
