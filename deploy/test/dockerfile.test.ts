import { existsSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { imageConfig, parseDockerfile, stageChain } from '../lib/dockerfile.js';
import { apps, readText, root } from './helpers.js';

const dockerfile = parseDockerfile(readText('Dockerfile'));
const rootPackage = JSON.parse(readText('package.json')) as { packageManager: string };

function appPackage(app: string) {
  return JSON.parse(readText(`apps/${app}/package.json`)) as {
    scripts: Record<string, string>;
    dependencies?: Record<string, string>;
  };
}

describe('Dockerfile', () => {
  it('builds on Node 20 slim and installs the pnpm of package.json', () => {
    const from = dockerfile.stages.map((stage) => stage.from);
    for (const image of from.filter((name) => !dockerfile.stages.some((stage) => stage.name === name))) {
      expect(image).toMatch(/^node:20(\.\d+)*-(bookworm-)?slim$/);
    }
    const pnpmVersion = rootPackage.packageManager.replace(/^pnpm@/, '');
    const base = imageConfig(dockerfile, 'workspace');
    expect(base.runs.join('\n')).toContain(`npm install -g pnpm@${pnpmVersion}`);
    expect(base.runs.some((run) => /pnpm install\b.*--frozen-lockfile/.test(run))).toBe(true);
  });

  it('has one final target per app and nothing else is named after an app', () => {
    for (const { app } of apps) expect(dockerfile.stages.map((stage) => stage.name)).toContain(app);
  });

  describe.each(apps)('target $app', ({ app, packageName, portVariable }) => {
    const config = imageConfig(dockerfile, app);
    const build = stageChain(dockerfile, `build-${app}`).at(-1);

    it('bundles the app and deploys it alone with production dependencies only', () => {
      const script = build?.instructions.map((instruction) => instruction.args).join('\n') ?? '';
      expect(script).toContain(`pnpm --filter ${packageName} build`);
      // pnpm 10 deploys from a workspace without injected packages only with --legacy.
      expect(script).toMatch(new RegExp(`pnpm --filter ${packageName} deploy --legacy --prod /out`));
      expect(script).toContain(`apps/${app}/dist /out/dist`);
      // The tsup bundle lands where the image starts it from.
      // Every app uses the one recipe in tsup.app.ts.
      expect(readText(`apps/${app}/tsup.config.ts`)).toContain("from '../../tsup.app.js'");
      const tsup = readText('tsup.app.ts');
      expect(tsup).toContain("entry: ['src/main.ts']");
      expect(tsup).toMatch(/noExternal: \[\/\^@wildcat\\\/\/\]/);
      expect(tsup).not.toMatch(/outDir/);
    });

    it('copies only the deployed app into the final stage, which never installs packages', () => {
      expect(config.copies.filter((copy) => copy.includes('--from='))).toEqual([
        expect.stringMatching(new RegExp(`--from=build-${app}\\b.* /out /app$`)),
      ]);
      expect(config.runs.join('\n')).not.toMatch(/\b(pnpm|npm|yarn)\b/);
      expect(config.workdir).toBe('/app');
    });

    it("starts like the app's start script, under tini, as a non-root user", () => {
      expect(config.entrypoint).toEqual(['/usr/bin/tini', '--']);
      expect(config.runs.join('\n')).toMatch(/apt-get install[^\n]*\btini\b/);
      expect(config.cmd.join(' ')).toBe(appPackage(app).scripts.start);
      expect(config.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      expect(config.env.NODE_ENV).toBe('production');
    });

    it(`exposes ${portVariable} and checks /healthz on it with node (no curl)`, () => {
      const port = Number(config.env[portVariable]);
      expect(port).toBeGreaterThan(0);
      expect(config.expose).toEqual([port]);
      const [command, flag, script] = config.healthcheck;
      expect([command, flag]).toEqual(['node', '-e']);
      expect(script).toContain(`(process.env.${portVariable}||${port})+'/healthz'`);
      expect(script).toMatch(/^fetch\(/);
    });

    it(app === 'session-worker' ? 'installs ffmpeg for voice notes' : 'does not carry ffmpeg', () => {
      const installsFfmpeg = /apt-get install[^\n]*\bffmpeg\b/.test(config.runs.join('\n'));
      expect(installsFfmpeg).toBe(app === 'session-worker');
      if (app === 'session-worker') expect(config.env.FFMPEG_PATH).toBe('/usr/bin/ffmpeg');
    });

    // The image holds only the app's own dependencies (pnpm deploy --prod, symlinked at the top
    // of node_modules): everything the bundle leaves external must be one of them.
    const bundle = `${root}apps/${app}/dist/main.js`;
    it.skipIf(!existsSync(bundle))('bundle imports only builtins and its production dependencies', () => {
      const code = readText(`apps/${app}/dist/main.js`);
      const deps = new Set(Object.keys(appPackage(app).dependencies ?? {}));
      const builtins = new Set(builtinModules);
      const external = new Set<string>();
      for (const match of code.matchAll(
        // `from` as a statement's keyword, not inside a string (`["from", X]` in a bundled map).
        /(?:(?:^|[\s};])from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["']([^"'./\n][^"'\n]*)["']/gm,
      )) {
        const specifier = match[1]!;
        if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!)) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0]!;
        external.add(name);
      }
      expect([...external].filter((name) => !deps.has(name) || name.startsWith('@wildcat/'))).toEqual([]);
    });
  });
});

describe('.dockerignore', () => {
  const patterns = readText('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  function ignored(path: string): boolean {
    let result = false;
    for (const pattern of patterns) {
      const negate = pattern.startsWith('!');
      const glob = (negate ? pattern.slice(1) : pattern)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '@@GLOBSTAR@@')
        .replace(/\*/g, '[^/]*')
        .replace(/@@GLOBSTAR@@/g, '(.*/)?');
      if (new RegExp(`^${glob}(/.*)?$`).test(path)) result = !negate;
    }
    return result;
  }

  it('keeps out what the build makes itself and what must not ship', () => {
    for (const path of [
      'node_modules',
      'apps/gateway/node_modules',
      'apps/gateway/dist',
      '.git',
      '.env',
      '.env.production',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });

  it('keeps in everything pnpm and tsup need', () => {
    const needed = [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'patches/@whiskeysockets__baileys@7.0.0-rc14.patch',
      'tsconfig.base.json',
      'tsup.app.ts',
    ];
    for (const { app } of apps)
      needed.push(`apps/${app}/package.json`, `apps/${app}/src/main.ts`, `apps/${app}/tsup.config.ts`);
    needed.push('packages/config/src/index.ts', 'packages/config/package.json', '.env.example');
    // The Redis scripts tsup copies beside each bundle.
    for (const dir of ['apps', 'packages'])
      for (const workspace of readdirSync(`${root}${dir}`))
        for (const file of readdirSync(`${root}${dir}/${workspace}/src`, {
          recursive: true,
          encoding: 'utf8',
        }))
          if (file.endsWith('.lua')) needed.push(`${dir}/${workspace}/src/${file}`);
    expect(needed.filter((path) => path.endsWith('.lua')).length).toBeGreaterThan(0);
    for (const path of needed) expect(ignored(path), path).toBe(false);
  });
});
