import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoFiles, repoRoot } from '../src/repo-files.js';

describe('Redis scripts', () => {
  // tsup.app.ts copies every script a bundle needs flat beside dist/main.js, and the ioredis
  // command is named after the file: two scripts with one name would clash in both.
  it('have file names unique across the repository', () => {
    const byName = new Map<string, string[]>();
    for (const path of repoFiles().filter((file) => file.endsWith('.lua') && existsSync(repoRoot + file)))
      byName.set(basename(path), [...(byName.get(basename(path)) ?? []), path]);
    expect(byName.size).toBeGreaterThan(0);
    expect([...byName.values()].filter((paths) => paths.length > 1)).toEqual([]);
  });
});
