import { describe, expect, it } from 'vitest';
import { readText, repoFiles } from '../src/repo-files.js';

const MAX_LINES = 300;

describe('source files', () => {
  it(`under any src/ are at most ${MAX_LINES} lines (small modules with one job)`, () => {
    const long = repoFiles()
      .filter((path) => /(^|\/)src\//.test(path))
      .flatMap((path) => {
        const text = readText(path);
        return text === undefined ? [] : [{ path, lines: text.replace(/\n$/, '').split('\n').length }];
      })
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
