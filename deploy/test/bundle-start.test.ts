import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { startDevdb } from '@wildcat/devdb';
import { freePort, type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apps, deploymentEnv, root } from './helpers.js';

/**
 * What the image runs: `node dist/main.js` (built by `pnpm test` before vitest), with nothing of
 * the sources beside it. Catches what a run from source cannot: a file the bundle reads at run
 * time (the Redis scripts) that the build did not put into dist/.
 */
describe.each(apps)('$app bundle', (info) => {
  const { app, portVariable } = info;
  const dist = `${root}apps/${app}/dist`;
  const built = existsSync(`${dist}/main.js`);
  let redis: PrivateRedis;
  let devdb: Awaited<ReturnType<typeof startDevdb>>;
  let child: ChildProcess | undefined;
  let output = '';
  let base = '';

  beforeAll(async () => {
    if (!built) return;
    redis = await startRedis();
    devdb = await startDevdb();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Run from dist/ as the image does (its /app holds dist/ and node_modules).
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: `${root}apps/${app}`,
      env: {
        ...deploymentEnv(info, { redisUrl: redis.url, mongodbUrl: devdb.url, port }),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await devdb?.close();
    await redis?.destroy();
  });

  it.skipIf(!built)(`starts and becomes ready on ${portVariable}`, async () => {
    const exited = new Promise<never>((_, reject) =>
      child?.once('exit', (code) => reject(new Error(`dist/main.js exited with ${code}`))),
    );
    await Promise.race([
      exited,
      waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, {
        timeoutMs: 30_000,
      }),
    ]).catch((error: unknown) => {
      throw new Error(`apps/${app}/dist/main.js did not become ready: ${String(error)}\n${output}`);
    });
  });

  it.skipIf(!built)('carries its Redis scripts beside main.js', () => {
    const scripts = readdirSync(dist).filter((name) => name.endsWith('.lua'));
    expect(scripts.length).toBeGreaterThan(0);
  });
});
