import type { Redis } from 'ioredis';
import { crossSlotPipeline } from './cross-slot-pipeline.js';

/**
 * What a session worker publishes about itself for the console's workers page. The lease registry
 * (`wc:workers`, heartbeat scores) stays the source of which workers are alive; this hash adds
 * what an operator wants to see, and expires on its own when the worker dies.
 */
export interface WorkerInfo {
  workerId: string;
  shards: number[];
  accounts: number;
  /** Resident set size and V8 heap in use, bytes. */
  rssBytes: number;
  heapUsedBytes: number;
  /** ms since epoch of this write. */
  updatedAt: number;
}

/** The session workers' heartbeat registry: a sorted set of worker ids scored by last beat (ms). */
export const WORKER_REGISTRY_KEY = 'wc:workers';

export function workerInfoKey(workerId: string): string {
  return `wc:worker-info:${workerId}`;
}

export async function writeWorkerInfo(redis: Redis, info: WorkerInfo, ttlMs: number): Promise<void> {
  await redis.set(workerInfoKey(info.workerId), JSON.stringify(info), 'PX', ttlMs);
}

export interface RegisteredWorker {
  workerId: string;
  lastHeartbeat: number;
  info?: WorkerInfo;
}

/** Every worker in the registry with its last heartbeat and published info (two round trips). */
export async function readWorkers(redis: Redis): Promise<RegisteredWorker[]> {
  const flat = await redis.zrange(WORKER_REGISTRY_KEY, 0, -1, 'WITHSCORES');
  const workers: RegisteredWorker[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2)
    workers.push({ workerId: flat[index] as string, lastHeartbeat: Number(flat[index + 1]) });
  if (workers.length === 0) return workers;
  // Not MGET: the info keys live in different Cluster slots.
  const pipeline = crossSlotPipeline(redis);
  for (const worker of workers) pipeline.get(workerInfoKey(worker.workerId));
  const infos = (await pipeline.exec()) ?? [];
  workers.forEach((worker, index) => {
    const [error, raw] = infos[index] ?? [null, null];
    if (error || typeof raw !== 'string') return;
    try {
      worker.info = JSON.parse(raw) as WorkerInfo;
    } catch {
      // A garbled entry shows the worker without details rather than failing the page.
    }
  });
  return workers;
}
