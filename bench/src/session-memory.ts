import { startDevdb } from '@wildcat/devdb';
import { startRedis } from '@wildcat/testkit';
import { spawnScript } from './lib/child.js';

export interface SessionMemory {
  sessions: number;
  connectMs: number;
  baseline: { rssMiB: number; heapUsedMiB: number };
  after: { rssMiB: number; heapUsedMiB: number };
  perSession: { rssKiB: number; heapUsedKiB: number };
  goalMet: boolean;
}

/** Item 5: memory per idle connected sandbox session in one worker process. */
export async function sessionMemory(quick: boolean): Promise<SessionMemory> {
  const redis = await startRedis();
  const devdb = await startDevdb({ quiet: true });
  const probe = spawnScript('probes/session-memory.ts', [redis.url, devdb.url, quick ? '20' : '1000'], {}, [
    '--expose-gc',
  ]);
  try {
    const result = await probe.next<Omit<SessionMemory, 'goalMet'>>();
    return { ...result, goalMet: result.perSession.rssKiB <= 1024 };
  } finally {
    probe.kill();
    await devdb.close();
    await redis.destroy();
  }
}
