import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (this workspace sits at tools/architecture). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Every file git knows of or would add (tracked plus untracked, minus .gitignore), relative to
 * the root: what lands on main, not whatever scratch lies in the work tree.
 */
export function repoFiles(): string[] {
  const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return output.split('\0').filter((path) => path.length > 0);
}

/** The text of a repository file; undefined for a binary one or one deleted in the work tree. */
export function readText(path: string): string | undefined {
  try {
    const bytes = readFileSync(repoRoot + path);
    return bytes.includes(0) ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  }
}
