import { describe, expect, it } from 'vitest';
import { readText, repoFiles } from '../src/repo-files.js';

describe('the store', () => {
  it('is the only code that reaches MongoDB collections (no `.collection` in apps/ or packages/)', () => {
    const raw = repoFiles()
      .filter((path) => /^(apps|packages)\//.test(path) && !path.startsWith('packages/store/'))
      .filter((path) => /\.[cm]?[jt]sx?$/.test(path))
      .flatMap((path) =>
        (readText(path) ?? '')
          .split('\n')
          .flatMap((line, index) => (/\.collection\b/.test(line) ? [`${path}:${index + 1}`] : [])),
      );
    expect(raw).toEqual([]);
  });
});
