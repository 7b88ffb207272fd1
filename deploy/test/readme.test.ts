import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apps, readmeMetrics, readText, root } from './helpers.js';

const readme = readText('README.md');
const section = readme.slice(readme.indexOf('## Deploying'), readme.indexOf('## Environment'));

describe('README "Deploying"', () => {
  it('gives compose and Kubernetes each in one command, on files that exist', () => {
    expect(section).toContain('docker compose up -d --build');
    expect(section).toContain('kubectl apply -k deploy/k8s/overlays/production');
    expect(existsSync(`${root}docker-compose.yml`)).toBe(true);
    expect(existsSync(`${root}deploy/k8s/overlays/production/kustomization.yaml`)).toBe(true);
    const scripts = (JSON.parse(readText('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['env:deploy']).toBeDefined();
    expect(section).toContain('pnpm env:deploy');
  });

  it('says how to scale every tier and what metrics each process shows', () => {
    const metrics = readmeMetrics();
    for (const { app } of apps) {
      expect(section).toMatch(new RegExp(`^\\| ${app} \\| any number`, 'm'));
      expect(metrics[app]?.length, app).toBeGreaterThan(0);
    }
  });
});
