import { createConnection } from 'node:net';
import type { AppProcess, RunningStack } from '@wildcat/dev-stack';
import { waitFor } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { restart } from '../support/restart.js';

/** A process the chaos may kill -9 and start again, or pause with SIGSTOP and resume. */
export interface Target {
  name: string;
  /** Its pid now (undefined when it is not running). */
  pid(): Promise<number | undefined>;
  running(): boolean;
  kill(): Promise<void>;
  /** Starts it again and resolves once it answers (health, PING, a TCP connect). */
  start(): Promise<void>;
  /** Its last output lines, for an error that says why it did not come back. */
  recentOutput(): string;
  /** The app's health URL (gateways and workers only). */
  healthUrl?: string;
}

function appTarget(app: AppProcess): Target {
  return {
    name: app.process.name,
    pid: async () => (app.process.running ? app.process.pid : undefined),
    running: () => app.process.running,
    kill: () => app.process.kill(),
    start: () => restart(app, 180_000),
    recentOutput: () => app.process.recentOutput.slice(-20).join('\n'),
    healthUrl: `${app.url}/healthz`,
  };
}

async function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Every process of the stack: its gateways, workers, devdb and its own redis-server. */
export function stackTargets(stack: RunningStack): Target[] {
  const apps = [...stack.gateways, ...stack.sessionWorkers, ...stack.webhookWorkers].map(appTarget);
  const devdb = stack.mongo.devdb;
  const redis = stack.redis.own;
  if (!devdb || !redis) throw new Error('the chaos needs the stack to start its own devdb and redis-server');
  const devdbPort = Number(new URL(stack.mongo.url).port);
  let redisUp = true;
  return [
    ...apps,
    {
      name: 'devdb',
      pid: async () => (devdb.running ? devdb.pid : undefined),
      running: () => devdb.running,
      kill: () => devdb.kill(),
      async start() {
        devdb.start();
        await waitFor(async () => !devdb.running || (await tcpOpen(devdbPort)), {
          what: 'devdb listening again',
          timeoutMs: 120_000,
          intervalMs: 100,
        });
        if (!devdb.running)
          throw new Error(`devdb exited on start:\n${devdb.recentOutput.slice(-20).join('\n')}`);
      },
      recentOutput: () => devdb.recentOutput.slice(-20).join('\n'),
    },
    {
      name: 'redis',
      // redis-server tells its own pid; the testkit keeps the child to itself.
      async pid() {
        const probe = new Redis(redis.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
          connectTimeout: 2_000,
          commandTimeout: 2_000,
        });
        probe.on('error', () => {});
        try {
          await probe.connect();
          const info = await probe.info('server');
          const match = /process_id:(\d+)/.exec(info);
          return match ? Number(match[1]) : undefined;
        } catch {
          return undefined;
        } finally {
          probe.disconnect();
        }
      },
      running: () => redisUp,
      async kill() {
        redisUp = false;
        await redis.kill();
      },
      async start() {
        await redis.start();
        redisUp = true;
      },
      recentOutput: () => '(redis-server writes to the terminal)',
    },
  ];
}
