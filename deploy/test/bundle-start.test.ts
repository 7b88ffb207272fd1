import { existsSync, readdirSync } from 'node:fs';
import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { apps, root, useAppProcess } from './helpers.js';

/**
 * What the image runs: `node dist/main.js` (built by `pnpm test` before vitest), with nothing of
 * the sources beside it. Catches what a run from source cannot: a file the bundle reads at run
 * time (the Redis scripts) that the build did not put into dist/.
 */
describe.each(apps)('$app bundle', (info) => {
  const { app, portVariable } = info;
  const dist = `${root}apps/${app}/dist`;
  const built = existsSync(`${dist}/main.js`);
  const proc = useAppProcess(info, {
    enabled: built,
    // Run from dist/ as the image does (its /app holds dist/ and node_modules).
    args: ['dist/main.js'],
    cwd: `${root}apps/${app}`,
    env: { NODE_ENV: 'production' },
  });

  it.skipIf(!built)(`starts and becomes ready on ${portVariable}`, async () => {
    const exited = new Promise<never>((_, reject) =>
      proc.child?.once('exit', (code) => reject(new Error(`dist/main.js exited with ${code}`))),
    );
    await Promise.race([
      exited,
      waitFor(async () => (await fetch(`${proc.base}/readyz`).catch(() => undefined))?.status === 200, {
        timeoutMs: 30_000,
      }),
    ]).catch((error: unknown) => {
      throw new Error(`apps/${app}/dist/main.js did not become ready: ${String(error)}\n${proc.output}`);
    });
  });

  it.skipIf(!built)('carries its Redis scripts beside main.js', () => {
    const scripts = readdirSync(dist).filter((name) => name.endsWith('.lua'));
    expect(scripts.length).toBeGreaterThan(0);
  });
});
