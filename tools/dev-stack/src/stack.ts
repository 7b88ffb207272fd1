import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@wildcat/testkit';
import { readOrCreateApiKey } from './api-key.js';
import { ManagedProcess } from './managed-process.js';
import {
  awaitHealthy,
  type MongoService,
  provideMongo,
  provideRedis,
  type RedisService,
} from './services.js';
import type { StackOptions } from './stack-options.js';

export interface AppProcess {
  process: ManagedProcess;
  /** Gateway: the API base URL. Workers: their health server. */
  url: string;
}

export interface RunningStack {
  apiKey: string;
  dataDir: string;
  redis: RedisService;
  mongo: MongoService;
  gateways: AppProcess[];
  sessionWorkers: AppProcess[];
  webhookWorkers: AppProcess[];
  /** Starts one more session worker (rebalancing tests), with `env` over the stack's environment. */
  addSessionWorker(env?: Record<string, string>): Promise<AppProcess>;
  /** Stops every app process, then the services the stack started. */
  stop(): Promise<void>;
}

/** Node flags each app runs with in production too (the apps' `start` scripts). */
const APP_NODE_FLAGS: Record<keyof typeof ENTRY, string[]> = {
  gateway: ['--max-semi-space-size=64'],
  'session-worker': [],
  'webhook-worker': [],
};

const ENTRY = {
  gateway: 'apps/gateway/src/main.ts',
  'session-worker': 'apps/session-worker/src/main.ts',
  'webhook-worker': 'apps/webhook-worker/src/main.ts',
} as const;

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const say = options.progress ?? ((line: string) => process.stdout.write(`${line}\n`));
  const root = resolve(options.root);
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'wildcat-stack-'));
  const apiKey = options.apiKey ?? readOrCreateApiKey(join(dataDir, 'api-key'));

  say('starting Redis…');
  const redis = await provideRedis(options, dataDir);
  say(`Redis: ${redis.url}${redis.own ? ' (started here, AOF on)' : ''}`);
  say('starting MongoDB…');
  const mongo = await provideMongo(options, dataDir);
  say(`MongoDB: ${mongo.url}${mongo.devdb ? ' (devdb: development/test server, not for production)' : ''}`);

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redis.url,
    MONGODB_URL: mongo.url,
    API_KEYS: apiKey,
    WA_ENGINE: options.engine,
    ...options.env,
  };
  const counters = { gateway: 0, 'session-worker': 0, 'webhook-worker': 0 };

  async function launch(
    kind: keyof typeof ENTRY,
    port: number,
    extraEnv: Record<string, string> = {},
  ): Promise<AppProcess> {
    counters[kind] += 1;
    const name = `${kind}-${counters[kind]}`;
    const env: NodeJS.ProcessEnv =
      kind === 'gateway'
        ? { ...baseEnv, PORT: String(port), HOST: '127.0.0.1' }
        : {
            ...baseEnv,
            HEALTH_PORT: String(port),
            ...(kind === 'session-worker' ? { WORKER_ID: name } : {}),
            ...extraEnv,
          };
    const child = new ManagedProcess({
      name,
      command: process.execPath,
      // tsx first, so a preload among nodeArgs may itself be TypeScript
      args: [
        ...APP_NODE_FLAGS[kind],
        '--import',
        'tsx',
        ...(options.nodeArgs?.[kind] ?? []),
        ENTRY[kind],
        ...(options.appArgs?.[kind] ?? []),
      ],
      cwd: root,
      env,
      output: options.output,
    });
    child.start();
    const url = `http://127.0.0.1:${port}`;
    try {
      await awaitHealthy(child, `${url}/healthz`, options.healthTimeoutMs);
    } catch (error) {
      // Never leave a process that did not come up running behind the failed start.
      await child.stop();
      throw error;
    }
    return { process: child, url };
  }

  const started: AppProcess[] = [];
  try {
    say(
      `starting ${options.sessionWorkers} session worker(s), ${options.webhookWorkers} webhook worker(s), ${options.gateways} gateway(s)…`,
    );
    const gatewayPorts = await Promise.all(
      Array.from({ length: options.gateways }, (_, i) =>
        options.gatewayPort ? Promise.resolve(options.gatewayPort + i) : freePort(),
      ),
    );
    const launches = [
      ...Array.from({ length: options.sessionWorkers }, async () =>
        launch('session-worker', await freePort()),
      ),
      ...Array.from({ length: options.webhookWorkers }, async () =>
        launch('webhook-worker', await freePort()),
      ),
      ...gatewayPorts.map((port) => launch('gateway', port)),
    ];
    const results = await Promise.allSettled(launches);
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
  } catch (error) {
    await Promise.all(started.map((app) => app.process.stop()));
    await mongo.devdb?.stop();
    await redis.own?.stop();
    throw error;
  }

  const byKind = (prefix: string) => started.filter((app) => app.process.name.startsWith(prefix));
  const stack: RunningStack = {
    apiKey,
    dataDir,
    redis,
    mongo,
    gateways: byKind('gateway-'),
    sessionWorkers: byKind('session-worker-'),
    webhookWorkers: byKind('webhook-worker-'),
    async addSessionWorker(env) {
      const app = await launch('session-worker', await freePort(), env);
      stack.sessionWorkers.push(app);
      return app;
    },
    async stop() {
      const apps = [...stack.gateways, ...stack.sessionWorkers, ...stack.webhookWorkers];
      await Promise.all(apps.map((app) => app.process.stop()));
      await mongo.devdb?.stop();
      await redis.own?.stop();
    },
  };
  return stack;
}
