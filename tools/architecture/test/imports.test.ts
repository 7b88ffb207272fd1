import { beforeAll, describe, expect, it } from 'vitest';
import { boundaryRules } from '../src/boundary-rules.js';
import { cruiseRepo, type RepoCruise } from '../src/cruise-repo.js';
import { repoRoot } from '../src/repo-files.js';
import { expectedManifests, readWorkspaces } from '../src/workspace-manifests.js';

let repo: RepoCruise;

beforeAll(async () => {
  repo = await cruiseRepo(repoRoot);
}, 120_000);

describe('the import graph', () => {
  it('covers the code: every workspace and hundreds of modules', () => {
    const cruised = repo.modules.filter((module) => !module.source.includes('node_modules/'));
    expect(cruised.length).toBeGreaterThan(300);
    for (const { dir } of readWorkspaces(repoRoot).filter((workspace) => workspace.dir))
      expect(
        cruised.some((module) => module.source.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
  });

  it.each([...new Set(boundaryRules.map((rule) => rule.name!))])('keeps the rule %s', (rule) => {
    expect(repo.violations.filter((violation) => violation.rule === rule)).toEqual([]);
  });

  it("lists in each workspace's package.json exactly the @wildcat workspaces it imports", () => {
    const workspaces = readWorkspaces(repoRoot);
    expect(workspaces).toEqual(expectedManifests(repoRoot, workspaces, repo.modules));
  });
});
