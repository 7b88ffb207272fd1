import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * Redis scripts are `.lua` files read at run time from `new URL('./name.lua', import.meta.url)`
 * (packages/redis-bus/src/redis-scripts.ts). In a bundle import.meta.url is dist/main.js, so
 * every script a bundled module names is copied flat beside it; file names are unique across
 * the repository (tools/architecture checks it), and a clash fails the build all the same.
 */
const LUA_FILE = /new URL\(\s*['"]\.\/([\w.-]+\.lua)['"]\s*,\s*import\.meta\.url\s*\)/g;

export const luaBesideBundle: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'lua-beside-bundle',
  setup(build) {
    build.initialOptions.metafile = true;
    build.onEnd((result) => {
      if (!result.metafile || result.errors.length > 0) return;
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const outdir = resolve(root, build.initialOptions.outdir ?? 'dist');
      const copied = new Map<string, string>();
      for (const input of Object.keys(result.metafile.inputs)) {
        if (!/\.[cm]?[jt]s$/.test(input) || input.includes('node_modules')) continue;
        const source = resolve(root, input);
        for (const match of readFileSync(source, 'utf8').matchAll(LUA_FILE)) {
          const lua = resolve(dirname(source), match[1]!);
          const name = basename(lua);
          const earlier = copied.get(name);
          if (earlier && earlier !== lua)
            throw new Error(`two Redis scripts named ${name}: ${earlier}, ${lua}`);
          mkdirSync(outdir, { recursive: true });
          copyFileSync(lua, resolve(outdir, name));
          copied.set(name, lua);
        }
      }
    });
  },
};

/**
 * The one bundle recipe for every app: workspace packages are TypeScript source, so they are
 * inlined (`noExternal`) and dist/main.js runs under plain node with only npm dependencies beside it
 * (and the Redis scripts its modules read, copied by luaBesideBundle).
 */
export const appBundle = defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@wildcat\//],
  esbuildPlugins: [luaBesideBundle],
});
