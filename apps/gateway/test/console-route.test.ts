import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

// Issue 22, item 1: the console was 503 after the README's commands, and stayed 503 after a
// build until the gateway restarted.
let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-dir-'));
  t = await buildTestApp({ env: { CONSOLE_DIR: dir } });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/console', () => {
  it('says how to build it while it is not built, and serves a build made after start', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/console' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({
      ok: false,
      error: 'The console is not built yet: run pnpm install (or pnpm --filter @wildcat/console build)',
    });

    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    const page = await t.app.inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>console</title>');
    const script = await t.app.inject({ method: 'GET', url: '/console/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
