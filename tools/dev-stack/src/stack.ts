import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readOrCreateApiKey } from './api-key.js';
import { boundPort } from './bound-port.js';
import { lockDataDir } from './data-dir-lock.js';
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
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'wildcat-stack-'));
  const unlock = lockDataDir(dataDir);
  // Port files are per run, beside nothing that lasts.
  const runDir = mkdtempSync(join(tmpdir(), 'wildcat-ports-'));
  const cleanUp = () => {
    unlock();
    rmSync(runDir, { recursive: true, force: true });
    // A temporary data directory is the stack's own: nothing of it outlives the stack.
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const apiKey =
    options.apiKey === null ? '' : (options.apiKey ?? readOrCreateApiKey(join(dataDir, 'api-key')));

  let redis: RedisService | undefined;
  let mongo: MongoService;
  try {
    redis = await provideRedis(options, dataDir);
    say(redis.describe);
    mongo = await provideMongo(options, dataDir);
    say(`MongoDB: ${mongo.url}${mongo.devdb ? ' (devdb: development/test server, not for production)' : ''}`);
  } catch (error) {
    // Nothing else started yet: what did start stops with the error.
    await redis?.own?.stop();
    cleanUp();
    throw error;
  }

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...redis.env,
    MONGODB_URL: mongo.url,
    API_KEYS: apiKey,
    WA_ENGINE: options.engine,
    ...options.env,
  };
  const counters = { gateway: 0, 'session-worker': 0, 'webhook-worker': 0 };

  async function launch(
    kind: keyof typeof ENTRY,
    fixedPort = 0,
    extraEnv: Record<string, string> = {},
  ): Promise<AppProcess> {
    counters[kind] += 1;
    const name = `${kind}-${counters[kind]}`;
    const portFile = join(runDir, `${name}.port`);
    const env: NodeJS.ProcessEnv =
      kind === 'gateway'
        ? { ...baseEnv, PORT: String(fixedPort), HOST: '127.0.0.1', PORT_FILE: portFile }
        : {
            ...baseEnv,
            HEALTH_PORT: String(fixedPort),
            PORT_FILE: portFile,
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
      detached: true,
    });
    child.start();
    try {
      const port = await boundPort(child, portFile, options.healthTimeoutMs ?? 60_000);
      // A restart (tests stop and start processes) comes back on the same port.
      child.pin(kind === 'gateway' ? { PORT: String(port) } : { HEALTH_PORT: String(port) });
      const url = `http://127.0.0.1:${port}`;
      await awaitHealthy(child, `${url}/healthz`, options.healthTimeoutMs);
      return { process: child, url };
    } catch (error) {
      // Never leave a process that did not come up running behind the failed start.
      await child.stop();
      throw error;
    }
  }

  const started: AppProcess[] = [];
  try {
    say(
      `starting ${options.sessionWorkers} session worker(s), ${options.webhookWorkers} webhook worker(s), ${options.gateways} gateway(s)…`,
    );
    const launches = [
      ...Array.from({ length: options.sessionWorkers }, () => launch('session-worker')),
      ...Array.from({ length: options.webhookWorkers }, () => launch('webhook-worker')),
      ...Array.from({ length: options.gateways }, (_, i) =>
        launch('gateway', options.gatewayPort ? options.gatewayPort + i : 0),
      ),
    ];
    const results = await Promise.allSettled(launches);
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
  } catch (error) {
    await Promise.all(started.map((app) => app.process.stop()));
    await mongo.devdb?.stop();
    await redis.own?.stop();
    cleanUp();
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
      const app = await launch('session-worker', 0, env);
      stack.sessionWorkers.push(app);
      return app;
    },
    async stop() {
      // Gateways first (no new work), then the workers (they finish what is in flight and hand
      // their shards back while Redis and MongoDB still answer), the services last.
      await Promise.all(stack.gateways.map((app) => app.process.stop()));
      await Promise.all([...stack.sessionWorkers, ...stack.webhookWorkers].map((app) => app.process.stop()));
      await mongo.devdb?.stop();
      await redis.own?.stop();
      cleanUp();
    },
  };
  return stack;
}
