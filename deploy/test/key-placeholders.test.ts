import { afterAll, describe, expect, it } from 'vitest';
import { readText } from './helpers.js';
import { find, removeWorkdir, renders } from './k8s-helpers.js';

afterAll(removeWorkdir);

describe('admin keys in what we ship', () => {
  it('the Kubernetes base Secret ships no key: a gateway applied from the base has none to be guessed', () => {
    const secret = find(renders.base, 'Secret', 'wildcat-secrets');
    const keys = String((secret.stringData as Record<string, string>).API_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    expect(keys).toEqual([]);
  });

  it('the API_KEYS documentation states the production rule (length and placeholders)', () => {
    const row = readText('docs/configuration.md')
      .split('\n')
      .find((line) => line.startsWith('| `API_KEYS`'));
    expect(row).toMatch(/NODE_ENV=production/);
    expect(row).toMatch(/32 characters/);
    expect(row).toMatch(/placeholder/);
    expect(readText('.env.example')).toMatch(/# Comma-separated admin API keys;.*32 characters/);
  });
});
