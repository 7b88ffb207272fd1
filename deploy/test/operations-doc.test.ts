import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apps, docSection, documentedMetrics, readText, root } from './helpers.js';

const deploying = docSection('docs/operations.md', 'Deploying');
const scaling = docSection('docs/operations.md', 'Scaling');

describe('docs/operations.md', () => {
  it('gives compose and Kubernetes each in one command, on files that exist', () => {
    expect(deploying).toContain('docker compose up -d --build');
    expect(deploying).toContain('kubectl apply -k deploy/k8s/overlays/production');
    expect(existsSync(`${root}docker-compose.yml`)).toBe(true);
    expect(existsSync(`${root}deploy/k8s/overlays/production/kustomization.yaml`)).toBe(true);
    const scripts = (JSON.parse(readText('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['env:deploy']).toBeDefined();
    expect(deploying).toContain('pnpm env:deploy');
  });

  it('says how to scale every tier and what metrics each process shows', () => {
    const metrics = documentedMetrics();
    for (const { app } of apps) {
      expect(scaling).toMatch(new RegExp(`^\\| ${app} \\| any number`, 'm'));
      expect(metrics[app]?.length, app).toBeGreaterThan(0);
    }
  });

  it('has a runbook for each failure an operator meets', () => {
    const runbooks = docSection('docs/operations.md', 'Runbooks');
    for (const title of [
      'A session worker is killed',
      'Redis is down',
      'MongoDB is down',
      'A webhook endpoint keeps failing',
      'An account is logged out',
    ])
      expect(runbooks).toContain(`### ${title}\n`);
  });
});
