import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type AppProcess, type RunningStack, startStack } from '@wildcat/dev-stack';
import { connectRedis, EVENTS_STREAM, readStatus, type StatusRecord } from '@wildcat/redis-bus';
import { createStore, type Store } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { startWaPeer, type WaPeer } from '@wildcat/wa-test-peer';
import { Api } from '../../support/api.js';

const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const TRUST_ROOT = fileURLToPath(new URL('./trust-peer-root.ts', import.meta.url));
const DB_NAME = 'wildcat_baileys';

export interface Reply {
  statusCode: number;
  // biome-ignore lint/suspicious/noExplicitAny: a client reads whatever fields the answer has
  body: Record<string, any>;
}

export interface BaileysStack {
  peer: WaPeer;
  stack: RunningStack;
  api: Api;
  /** The database the apps use, read directly to check what they stored. */
  store: Store;
  /** Session workers started by `startWorker`, in order. */
  workers: AppProcess[];
  /** One more session-worker process with WA_ENGINE=baileys (optionally `env`, e.g. another Redis). */
  startWorker(env?: Record<string, string>): Promise<AppProcess>;
  /** Every line the session workers printed (pino JSON, as the stack formats it). */
  workerOutput(): string[];
  get(url: string): Promise<Reply>;
  post(url: string, payload?: object): Promise<Reply>;
  status(accountId: string): Promise<StatusRecord | undefined>;
  waitStatus(accountId: string, status: string, timeoutMs?: number): Promise<StatusRecord>;
  /** Events of one type the workers published on the events stream. */
  events(type: string, accountId: string): Promise<{ id: string; data: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

/**
 * A gateway process and session-worker processes with WA_ENGINE=baileys (started by the test),
 * on a private Redis and devdb, the workers' Baileys talking to the local WhatsApp protocol peer.
 * Each worker trusts the peer's noise root (a preload, given the key on argv) and its media CA
 * (NODE_EXTRA_CA_CERTS: the product has no setting for a custom media CA; the test chooses what
 * its children trust).
 */
export async function startBaileysStack(): Promise<BaileysStack> {
  const peer = await startWaPeer();
  const dir = mkdtempSync(join(tmpdir(), 'e2e-baileys-'));
  const mediaCaFile = join(dir, 'peer-media-ca.pem');
  writeFileSync(mediaCaFile, peer.mediaCa);
  const lines: string[] = [];
  const output = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const stack = await startStack({
    root: ROOT,
    dataDir: dir,
    engine: 'baileys',
    gateways: 1,
    sessionWorkers: 0,
    webhookWorkers: 0,
    output,
    healthTimeoutMs: 180_000,
    progress: () => {},
    nodeArgs: { 'session-worker': ['--import', TRUST_ROOT] },
    appArgs: { 'session-worker': [`--wa-test-root=${peer.rootPublicKey.toString('base64')}`] },
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      MONGODB_DB: DB_NAME,
      SHARDS: '4',
      WA_WEBSOCKET_URL: peer.url,
      NODE_EXTRA_CA_CERTS: mediaCaFile,
      // the product default: a first login blocks the loop for a while (812 prekeys)
      LEASE_TTL_MS: '10000',
      SEND_RATE_PER_MINUTE: '6000',
      // Media and profile pictures by url from a file server in the test process (loopback).
      MEDIA_URL_ALLOW_PRIVATE_NETWORKS: 'true',
    },
  });
  const api = new Api(
    stack.gateways.map((gateway) => gateway.url),
    stack.apiKey,
  );
  const redis = await connectRedis(stack.redis.url, 'request');
  const store = await createStore({ url: stack.mongo.url, dbName: DB_NAME });
  const workers: AppProcess[] = [];

  const reply = async (call: Promise<{ status: number; json: unknown }>): Promise<Reply> => {
    const { status, json } = await call;
    return { statusCode: status, body: json as Reply['body'] };
  };

  return {
    peer,
    stack,
    api,
    store,
    workers,
    async startWorker(env) {
      const worker = await stack.addSessionWorker(env);
      workers.push(worker);
      return worker;
    },
    workerOutput: () => lines.filter((line) => line.startsWith('session-worker')),
    get: (url) => reply(api.call('GET', url)),
    post: (url, payload) => reply(api.call('POST', url, payload ? { body: payload } : {})),
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
      // SIGTERM: each worker ends every Baileys socket on its way out (the 30 s prekey timer).
      await store.close();
      redis.disconnect();
      await stack.stop();
      await peer.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A stack with one Baileys worker and `accountId` linked to the peer's phone `phone` by a QR scan,
 * connected; a failed start closes what it started.
 */
export async function startLinkedBaileysStack(accountId: string, phone: string): Promise<BaileysStack> {
  const t = await startBaileysStack();
  try {
    await t.startWorker();
    const created = await t.post('/accounts', { id: accountId });
    if (created.statusCode !== 201) throw new Error(`POST /accounts answered ${created.statusCode}`);
    const qr = await waitFor(
      async () => {
        const r = await t.get(`/accounts/${accountId}/qr`);
        return r.statusCode === 200 ? (r.body.qr as string) : undefined;
      },
      { timeoutMs: 30_000, what: 'GET qr' },
    );
    await t.peer.scanQr(qr, phone);
    await t.waitStatus(accountId, 'connected', 90_000);
    return t;
  } catch (error) {
    await t.close();
    throw error;
  }
}
