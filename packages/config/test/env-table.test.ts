import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractEnvTable, renderEnvTable, variables } from '../src/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const page = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
// The operating system's own variables, passed through to child processes: not settings of ours.
const SYSTEM_VARIABLES = new Set(['PATH', 'HOME']);
// bench/tmp holds gitignored scratch scripts, not code of the project.
const SKIP = new Set(['node_modules', 'dist', '.git', '.turbo', 'data', 'coverage', 'tmp']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (SKIP.has(entry)) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry) ? [path] : [];
  });
}

describe('the environment table in docs/configuration.md', () => {
  it('is the table rendered from the catalogue (run `pnpm --filter @wildcat/config env:docs`)', () => {
    expect(extractEnvTable(page)).toBe(renderEnvTable());
  });

  it('lists every variable that any code reads from process.env', () => {
    const documented = new Set([...Object.keys(variables), ...SYSTEM_VARIABLES]);
    const readers = ['apps', 'packages', 'tools', 'e2e', 'bench', 'scripts']
      .map((dir) => join(root, dir))
      .filter((dir) => {
        try {
          return statSync(dir).isDirectory();
        } catch {
          return false;
        }
      })
      .flatMap(sourceFiles);
    const missing: string[] = [];
    for (const file of readers) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g,
      )) {
        const name = match[1] ?? match[2];
        if (name && !documented.has(name)) missing.push(`${name} (${relative(root, file)})`);
      }
    }
    expect(readers.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
