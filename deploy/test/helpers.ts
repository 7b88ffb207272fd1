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
