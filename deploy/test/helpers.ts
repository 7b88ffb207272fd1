import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Consumer, type VariableName, variablesFor } from '@wildcat/config';
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
