import { connectRedis } from '@wildcat/redis-bus';
import { createStore } from '@wildcat/store';
import { createSandboxEngine } from '@wildcat/wa-sandbox';
import pino from 'pino';
import {
  type SessionWorker,
  type SessionWorkerOptions,
  startSessionWorker,
} from '../../src/worker/session-worker.js';
import type { TestEnvironment } from './environment.js';

export interface InProcessWorker {
  worker: SessionWorker;
  stop(): Promise<void>;
  crash(): Promise<void>;
}

/** A session worker in this process with its own connections, as a separate process would have. */
export async function startInProcessWorker(
  env: TestEnvironment,
  workerId: string,
  overrides: Partial<SessionWorkerOptions> = {},
): Promise<InProcessWorker> {
  const redis = await connectRedis(env.redisUrl, 'blocking');
  const store = await createStore({ url: env.mongoUrl, dbName: env.dbName });
  const engine = createSandboxEngine({ redis });
  const worker = await startSessionWorker({
    workerId,
    redisUrl: env.redisUrl,
    redis,
    store,
    engine,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    shards: env.shards,
    leaseTtlMs: 2_000,
    sendRatePerMinute: 60_000,
    sendMaxRateWaitMs: 30_000,
    sendHoldMs: 120_000,
    ffmpegPath: 'ffmpeg',
    policy: { baseDelayMs: 50, maxDelayMs: 200, breakerThreshold: 100, breakerPauseMs: 1_000 },
    ...overrides,
  });
  const release = async () => {
    await store.close();
    redis.disconnect();
  };
  return {
    worker,
    async stop() {
      await worker.stop();
      await release();
    },
    async crash() {
      // A dying process's connections drop with it: the sandbox sees its sockets die at once.
      redis.disconnect();
      await worker.crash();
      await store.close();
    },
  };
}
