import { existsSync } from 'node:fs';
import { loadConfig, type VariableName, variables } from '@wildcat/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderConfigMap, renderEnvExample, secretVariables } from '../lib/deploy-env.js';
import { parseDotenv } from '../lib/dotenv.js';
import { apps, envExample, readText, root } from './helpers.js';

const REGENERATE = 'out of date: run `pnpm env:deploy` after changing packages/config/src/variables.ts';

describe('.env.example', () => {
  it(`is rendered from the variable catalogue (${REGENERATE})`, () => {
    expect(readText('.env.example'), REGENERATE).toBe(renderEnvExample());
  });

  it('names every variable of the catalogue, set or commented out', () => {
    const text = readText('.env.example');
    const missing = Object.keys(variables).filter((name) => !new RegExp(`^(# )?${name}=`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it.each(apps)('gives $app values that its configuration accepts', ({ reads }) => {
    // API_KEYS is left empty on purpose: docker-compose.yml refuses to start until .env sets it.
    expect(() => loadConfig(reads, { ...envExample(), API_KEYS: 'k1' })).not.toThrow();
  });

  it('is not ignored by git while .env is', () => {
    const ignored = readText('.gitignore').split('\n');
    expect(ignored).toContain('.env');
    expect(ignored).not.toContain('.env.example');
  });
});

describe('Kubernetes ConfigMap and Secret sources', () => {
  it(`deploy/k8s/base/configmap.yaml is rendered from the catalogue (${REGENERATE})`, () => {
    expect(readText('deploy/k8s/base/configmap.yaml'), REGENERATE).toBe(renderConfigMap());
  });

  it('the base Secret and the production secrets.env.example hold exactly the secret variables', () => {
    const secret = parse(readText('deploy/k8s/base/secret.yaml')) as { stringData: Record<string, string> };
    expect(Object.keys(secret.stringData).sort()).toEqual([...secretVariables].sort());
    const example = parseDotenv(readText('deploy/k8s/overlays/production/secrets.env.example'));
    expect(example.map(([name]) => name).sort()).toEqual([...secretVariables].sort());
    for (const name of secretVariables) expect(variables[name as VariableName]).toBeDefined();
  });

  it('keeps the production secrets.env out of git', () => {
    expect(readText('deploy/k8s/overlays/production/.gitignore').split('\n')).toContain('secrets.env');
    expect(existsSync(`${root}deploy/k8s/overlays/production/secrets.env.example`)).toBe(true);
  });
});
