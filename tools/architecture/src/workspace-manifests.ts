import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IModule } from 'dependency-cruiser';
import { parse } from 'yaml';

export interface Workspace {
  /** Directory relative to the repository root; '' for the root. */
  dir: string;
  name: string;
  dependencies: string[];
  devDependencies: string[];
}

const WORKSPACE_PREFIX = '@wildcat/';

/** Every workspace of pnpm-workspace.yaml (plain `dir` and `dir/*` entries), and the root. */
export function readWorkspaces(root: string): Workspace[] {
  const { packages: entries } = parse(readFileSync(`${root}pnpm-workspace.yaml`, 'utf8')) as {
    packages: string[];
  };
  const dirs = [''];
  for (const entry of entries) {
    if (!entry.endsWith('/*')) dirs.push(entry);
    else {
      const parent = entry.slice(0, -2);
      for (const name of readdirSync(`${root}${parent}`).sort()) dirs.push(`${parent}/${name}`);
    }
  }
  return dirs
    .filter((dir) => existsSync(`${root}${dir ? `${dir}/` : ''}package.json`))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(`${root}${dir ? `${dir}/` : ''}package.json`, 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const ours = (deps: Record<string, string> = {}) =>
        Object.keys(deps)
          .filter((name) => name.startsWith(WORKSPACE_PREFIX))
          .sort();
      return {
        dir,
        name: manifest.name,
        dependencies: ours(manifest.dependencies),
        devDependencies: ours(manifest.devDependencies),
      };
    });
}

/**
 * What each workspace's manifest must list, from the imports the cruise found: `@wildcat/*`
 * packages imported from its src/ are dependencies (they ship with it), those imported only from
 * elsewhere (tests, scripts, configs) are devDependencies. A workspace importing itself lists nothing.
 * A package located by name at run time (`require.resolve` of `@wildcat/x/cli`, to start its process)
 * counts as imported.
 */
export function expectedManifests(root: string, workspaces: Workspace[], modules: IModule[]): Workspace[] {
  const owner = (path: string) =>
    workspaces
      .filter((workspace) => workspace.dir === '' || path.startsWith(`${workspace.dir}/`))
      .sort((a, b) => b.dir.length - a.dir.length)[0]!;
  const imports = new Map(
    workspaces.map((workspace) => [workspace.dir, { src: new Set<string>(), other: new Set<string>() }]),
  );
  for (const module of modules) {
    if (module.source.includes('node_modules/')) continue;
    const workspace = owner(module.source);
    const fromSrc = workspace.dir !== '' && module.source.startsWith(`${workspace.dir}/src/`);
    const specifiers = [
      ...module.dependencies.map((dependency) => dependency.module),
      ...resolvedByName(root, module),
    ];
    for (const specifier of specifiers) {
      if (!specifier.startsWith(WORKSPACE_PREFIX)) continue;
      const name = specifier.split('/').slice(0, 2).join('/');
      if (name === workspace.name) continue;
      imports.get(workspace.dir)![fromSrc ? 'src' : 'other'].add(name);
    }
  }
  return workspaces.map((workspace) => {
    const { src, other } = imports.get(workspace.dir)!;
    return {
      ...workspace,
      dependencies: [...src].sort(),
      devDependencies: [...other].filter((name) => !src.has(name)).sort(),
    };
  });
}

/** Packages a module locates with `resolve('<name>')` (require.resolve, createRequire(...).resolve). */
function resolvedByName(root: string, module: IModule): string[] {
  if (!/\.[cm]?[jt]sx?$/.test(module.source) || !existsSync(`${root}${module.source}`)) return [];
  const text = readFileSync(`${root}${module.source}`, 'utf8');
  return [...text.matchAll(/\.resolve\(\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}
