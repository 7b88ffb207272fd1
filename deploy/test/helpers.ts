import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Consumer, type VariableName, variablesFor } from '@wildcat/config';
import { type RunningDevdb, startDevdb } from '@wildcat/devdb';
import { freePort, type PrivateRedis, startRedis } from '@wildcat/testkit';
import { afterAll, beforeAll } from 'vitest';
import { parse } from 'yaml';
import { parseDotenv } from '../lib/dotenv.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function readText(relative: string): string {
  return readFileSync(`${root}${relative}`, 'utf8');
}

export function readYaml<T = unknown>(relative: string): T {
  return parse(readText(relative), { merge: true }) as T;
}

export type App = Exclude<Consumer, 'tools'>;

export interface AppInfo {
  app: App;
  /** The workspace package name in apps/<app>/package.json. */
  packageName: string;
  /** The variable that names the port its health/metrics server listens on. */
  portVariable: 'PORT' | 'HEALTH_PORT';
  reads: VariableName[];
}

export const apps: AppInfo[] = (['gateway', 'session-worker', 'webhook-worker'] as const).map((app) => {
  const reads = variablesFor(app);
  const packageJson = JSON.parse(readText(`apps/${app}/package.json`)) as { name: string };
  return {
    app,
    packageName: packageJson.name,
    portVariable: reads.includes('PORT') ? 'PORT' : 'HEALTH_PORT',
    reads,
  };
});

/** .env.example as KEY → value (commented-out lines are not set). */
export function envExample(): Record<string, string> {
  return Object.fromEntries(parseDotenv(readText('.env.example')));
}

/** A production-strength admin key (a production gateway refuses short or placeholder keys). */
export const PROBE_KEY = 'Pk7vQ2mX9rL4wN8sT1yB6cJ3hF5gD0zA';

/**
 * The deployment environment (.env.example) with local services in place of the service hosts
 * and a free port in place of the fixed one: what probes.test.ts and bundle-start.test.ts start
 * each app with.
 */
export function deploymentEnv(
  { app, portVariable }: AppInfo,
  local: { redisUrl: string; mongodbUrl: string; port: number },
): Record<string, string | undefined> {
  return {
    ...envExample(),
    PATH: process.env.PATH,
    REDIS_URL: local.redisUrl,
    MONGODB_URL: local.mongodbUrl,
    MONGODB_DB: `probes_${app.replace(/-/g, '_')}_${Date.now()}`,
    API_KEYS: PROBE_KEY,
    HOST: '127.0.0.1',
    WA_ENGINE: 'sandbox',
    LOG_LEVEL: 'warn',
    SHARDS: '4',
    [portVariable]: String(local.port),
  };
}

/** A level-2 section of a markdown page, from its heading to the next level-2 heading. */
export function docSection(relative: string, heading: string): string {
  const page = readText(relative);
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${relative} has no "## ${heading}" section`);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** docs/operations.md "What to watch": metric names per process, from its table. */
export function documentedMetrics(): Record<string, string[]> {
  const section = docSection('docs/operations.md', 'What to watch');
  const table = section.slice(section.indexOf('| Process | Metrics |'));
  const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Process'));
  return Object.fromEntries(
    rows.map((row) => {
      const [, process = '', metrics = ''] = row.split('|').map((cell) => cell.trim());
      return [process, [...metrics.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!)];
    }),
  );
}

/** The graceful-shutdown deadline an app's main.ts sets (`SHUTDOWN_DEADLINE_MS`), in seconds. */
export function shutdownDeadlineSeconds(app: App): number {
  const main = readText(`apps/${app}/src/main.ts`);
  const match = /SHUTDOWN_DEADLINE_MS\s*=\s*([\d_]+)/.exec(main);
  if (!match) throw new Error(`apps/${app}/src/main.ts has no SHUTDOWN_DEADLINE_MS`);
  return Number(match[1]!.replace(/_/g, '')) / 1000;
}

export interface AppProcess {
  /** `http://127.0.0.1:<port>`, the port the deployment environment names. */
  readonly base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  readonly output: string;
  readonly child: ChildProcess | undefined;
}

/**
 * Runs the app for the calling suite as a deployment does: `node <args>` in `cwd` with the
 * deployment environment (plus `env`), a private Redis and devdb in place of the service hosts and
 * a free port; stopped after it (SIGTERM, SIGKILL after 15 s). Nothing runs when `enabled` is false.
 */
export function useAppProcess(
  info: AppInfo,
  run: { enabled: boolean; args: string[]; cwd: string; env?: Record<string, string> },
): AppProcess {
  let redis: PrivateRedis | undefined;
  let devdb: RunningDevdb | undefined;
  let child: ChildProcess | undefined;
  let output = '';
  let base = '';
  beforeAll(async () => {
    if (!run.enabled) return;
    redis = await startRedis();
    devdb = await startDevdb();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, run.args, {
      cwd: run.cwd,
      env: { ...deploymentEnv(info, { redisUrl: redis.url, mongodbUrl: devdb.url, port }), ...run.env },
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
  return {
    get base() {
      return base;
    },
    get output() {
      return output;
    },
    get child() {
      return child;
    },
  };
}
