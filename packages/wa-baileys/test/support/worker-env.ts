import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS_STREAM, readStatus, type StatusRecord } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { startWaPeer, type WaPeer } from '@wildcat/wa-test-peer';
// The gateway's own test helper: real routes via inject, on services a child worker shares.
import {
  buildTestApp,
  startTestServices,
  type TestApp,
  type TestServices,
} from '../../../../apps/gateway/test/helpers/build-test-app.js';
import { type BaileysWorker, spawnBaileysWorker } from './worker-process.js';

export interface WorkerEnv {
  peer: WaPeer;
  services: TestServices;
  gateway: TestApp;
  workers: BaileysWorker[];
  /** Starts a session-worker child with WA_ENGINE=baileys (optionally on another Redis). */
  startWorker(id: string, env?: Record<string, string>): Promise<BaileysWorker>;
  get(url: string): Promise<{ statusCode: number; body: Record<string, unknown> }>;
  post(url: string, payload?: object): Promise<{ statusCode: number; body: Record<string, unknown> }>;
  status(accountId: string): Promise<StatusRecord | undefined>;
  waitStatus(accountId: string, status: string, timeoutMs?: number): Promise<StatusRecord>;
  /** Events of one type the worker published on the events stream. */
  events(type: string, accountId: string): Promise<{ id: string; data: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

export async function startWorkerEnv(): Promise<WorkerEnv> {
  const peer = await startWaPeer();
  const dir = mkdtempSync(join(tmpdir(), 'wa-baileys-'));
  const mediaCaFile = join(dir, 'peer-media-ca.pem');
  writeFileSync(mediaCaFile, peer.mediaCa);
  const services = await startTestServices();
  const gateway = await buildTestApp({ services });
  const workers: BaileysWorker[] = [];
  const redis = gateway.redis;

  const reply = (r: { statusCode: number; json: () => unknown }) => ({
    statusCode: r.statusCode,
    body: r.json() as Record<string, unknown>,
  });

  return {
    peer,
    services,
    gateway,
    workers,
    async startWorker(id, env = {}) {
      const worker = await spawnBaileysWorker({
        env: { ...services.env, LOG_LEVEL: 'warn', ...env },
        id,
        waWebSocketUrl: peer.url,
        rootPublicKey: peer.rootPublicKey,
        mediaCaFile,
      });
      workers.push(worker);
      return worker;
    },
    get: async (url) => reply(await gateway.app.inject({ method: 'GET', url })),
    post: async (url, payload) =>
      reply(await gateway.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}) })),
    status: (accountId) => readStatus(redis, accountId),
    waitStatus: (accountId, status, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const record = await readStatus(redis, accountId);
          return record?.status === status ? record : undefined;
        },
        { timeoutMs, what: `${accountId} ${status}` },
      ),
    async events(type, accountId) {
      const entries = await redis.xrange(EVENTS_STREAM, '-', '+');
      return entries
        .map(
          ([, fields]) =>
            JSON.parse(fields[1]!) as {
              id: string;
              type: string;
              accountId: string;
              data: Record<string, unknown>;
            },
        )
        .filter((event) => event.type === type && event.accountId === accountId);
    },
    async close() {
      // SIGTERM: the worker ends every Baileys socket on its way out (the 30 s prekey timer).
      await Promise.all(workers.map((w) => w.stop()));
      await gateway.close();
      await services.close();
      await peer.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
