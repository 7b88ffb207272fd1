import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundaryRules } from '../src/boundary-rules.js';
import { type BoundaryViolation, cruiseRepo } from '../src/cruise-repo.js';

/**
 * A temporary repository with the real layout and one planted import per rule, each written the
 * way a slip would be: by package name through node_modules (as pnpm links workspaces), or by
 * relative path. Proves every rule can fail and names the rule it breaks.
 */
const WORKSPACES = [
  'apps/gateway',
  'apps/session-worker',
  'apps/webhook-worker',
  'packages/store',
  'packages/jobs',
  'packages/wa',
  'packages/wa-baileys',
  'packages/wa-sandbox',
  'tools/testkit',
  'e2e',
];

/** One planted import per rule: the file, its text, and the violation it must raise. */
const PLANTS: Array<BoundaryViolation & { text: string }> = [
  {
    rule: 'apps-never-import-apps',
    from: 'apps/gateway/src/planted-app.ts',
    text: "import { main } from '@wildcat/session-worker';",
    to: 'apps/session-worker/src/index.ts',
  },
  {
    rule: 'packages-never-import-apps',
    from: 'packages/jobs/src/planted-app.ts',
    text: "import { main } from '@wildcat/gateway';",
    to: 'apps/gateway/src/index.ts',
  },
  {
    rule: 'product-never-imports-tools',
    from: 'packages/store/src/planted-tool.ts',
    text: "import { main } from '@wildcat/testkit';",
    to: 'tools/testkit/src/index.ts',
  },
  {
    rule: 'engines-never-import-the-store',
    from: 'packages/wa-sandbox/src/planted-store.ts',
    text: "import type { main } from '@wildcat/store';",
    to: 'packages/store/src/index.ts',
  },
  {
    rule: 'gateway-and-webhook-worker-never-import-engines',
    from: 'apps/webhook-worker/test/planted-engine.test.ts',
    text: "import { main } from '@wildcat/wa-sandbox';",
    to: 'packages/wa-sandbox/src/index.ts',
  },
  {
    rule: 'no-relative-import-across-workspaces',
    from: 'e2e/planted-relative.ts',
    text: "import { main } from '../apps/gateway/src/index.js';",
    to: 'apps/gateway/src/index.ts',
  },
  {
    rule: 'imports-resolve',
    from: 'packages/wa/src/planted-missing.ts',
    text: "import { main } from './no-such-file.js';",
    to: './no-such-file.js',
  },
];

let root: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'wc-architecture-'));
  for (const dir of WORKSPACES) {
    const name = `@wildcat/${dir.split('/').at(-1)}`;
    write(
      `${dir}/package.json`,
      JSON.stringify({ name, type: 'module', exports: { '.': './src/index.ts' } }),
    );
    write(`${dir}/src/index.ts`, 'export const main = 1;\n');
    mkdirSync(join(root, 'node_modules/@wildcat'), { recursive: true });
    symlinkSync(join(root, dir), join(root, 'node_modules', name));
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the boundary check', () => {
  it('passes the planted layout before anything is planted', async () => {
    expect((await cruiseRepo(root)).violations).toEqual([]);
  });

  it('fails on a planted violation of each rule, naming the rule', async () => {
    const rules = [...new Set(boundaryRules.map((rule) => rule.name!))];
    const plants = PLANTS.filter((plant) => rules.includes(plant.rule));
    expect(plants.map((plant) => plant.rule).sort(), 'a plant for every rule').toEqual(rules.sort());
    for (const plant of plants) write(plant.from, `${plant.text}\nexport const planted = main;\n`);
    const { violations } = await cruiseRepo(root);
    const byFile = (a: BoundaryViolation, b: BoundaryViolation) => a.from.localeCompare(b.from);
    expect(violations.sort(byFile)).toEqual(plants.map(({ text: _, ...expected }) => expected).sort(byFile));
  });
});
