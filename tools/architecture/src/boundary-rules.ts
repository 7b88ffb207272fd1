import type { IForbiddenRuleType } from 'dependency-cruiser';

/**
 * The boundaries of docs/conventions.md as dependency-cruiser rules, over every file (tests,
 * benches and scripts included). Paths are relative to the repository root; `$1` is the group
 * the `from` path matched. Type-only imports count.
 */
export const boundaryRules: IForbiddenRuleType[] = [
  {
    name: 'apps-never-import-apps',
    comment: 'Apps meet only through queues and the store.',
    severity: 'error',
    from: { path: '^apps/([^/]+)/' },
    to: { path: '^apps/', pathNot: '^apps/$1/' },
  },
  {
    name: 'packages-never-import-apps',
    severity: 'error',
    from: { path: '^packages/' },
    to: { path: '^apps/' },
  },
  {
    name: 'product-never-imports-tools',
    comment: 'What ships (apps/*/src, packages/*/src) never needs development tooling.',
    severity: 'error',
    from: { path: '^(apps|packages)/[^/]+/src/' },
    to: { path: '^tools/' },
  },
  {
    name: 'imports-resolve',
    comment: 'An import the cruise cannot resolve is one no rule above can see.',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];
