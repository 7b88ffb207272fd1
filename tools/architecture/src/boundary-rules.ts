import type { IForbiddenRuleType } from 'dependency-cruiser';

/** Engine packages: the port and its two implementations. */
const ENGINES = '(wa|wa-baileys|wa-sandbox)';
/** A workspace other than the root: one directory under apps/, packages/ or tools/, or e2e, bench. */
const WORKSPACE = '((apps|packages|tools)/[^/]+|e2e|bench)';

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
    name: 'engines-never-import-the-store',
    comment: 'The engine port knows nothing of MongoDB; the session worker adapts the store to it.',
    severity: 'error',
    from: { path: `^packages/${ENGINES}/` },
    to: { path: '^packages/store/' },
  },
  {
    name: 'gateway-and-webhook-worker-never-import-engines',
    comment: 'They reach a session through a control job to its owning worker.',
    severity: 'error',
    from: { path: '^apps/(gateway|webhook-worker)/' },
    to: { path: `^packages/${ENGINES}/` },
  },
  {
    name: 'no-relative-import-across-workspaces',
    comment:
      "Import through the package name and its exports (the root's tsup.app.ts is the shared bundle recipe).",
    severity: 'error',
    from: { path: `^${WORKSPACE}/` },
    to: { dependencyTypes: ['local'], pathNot: '^($1/|tsup[.]app[.]ts$)' },
  },
  {
    name: 'no-relative-import-across-workspaces',
    comment: 'The root workspace (deploy/, scripts/) too.',
    severity: 'error',
    from: { pathNot: `^${WORKSPACE}/` },
    to: { dependencyTypes: ['local'], path: `^${WORKSPACE}/` },
  },
  {
    name: 'imports-resolve',
    comment: 'An import the cruise cannot resolve is one no rule above can see.',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];
