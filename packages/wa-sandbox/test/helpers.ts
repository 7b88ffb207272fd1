import { lateBound, startRedis, waitFor } from '@wildcat/testkit';
import type {
  AuthStateAdapter,
  DisconnectInfo,
  EngineHandlers,
  InboundMessage,
  IncomingCall,
  Receipt,
  WaEngine,
  WaSession,
} from '@wildcat/wa';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createSandboxEngine, type SandboxEngine, scanSandboxQr } from '../src/index.js';

export const logger = pino({ level: 'silent' });

/** Auth state in memory, for engine tests that need no MongoDB. */
export function memoryAuth(): AuthStateAdapter & { creds: unknown } {
  const state = { creds: undefined as unknown, keys: new Map<string, unknown>() };
  return {
    get creds() {
      return state.creds;
    },
    readCreds: async <T>() => state.creds as T | undefined,
    writeCreds: async (creds) => {
      state.creds = creds;
    },
    readKeys: async <T>(type: string, ids: readonly string[]) => {
      const result: Record<string, T> = {};
      for (const id of ids)
        if (state.keys.has(`${type}-${id}`)) result[id] = state.keys.get(`${type}-${id}`) as T;
      return result;
    },
    writeKeys: async (writes) => {
      for (const [type, byId] of Object.entries(writes))
        for (const [id, value] of Object.entries(byId))
          value === null ? state.keys.delete(`${type}-${id}`) : state.keys.set(`${type}-${id}`, value);
    },
    clear: async () => {
      state.creds = undefined;
      state.keys.clear();
    },
  };
}

/** Handlers that record everything a session reports. */
export function recorder() {
  const log = {
    qrs: [] as string[],
    opens: [] as string[],
    closes: [] as DisconnectInfo[],
    messages: [] as InboundMessage[],
    receipts: [] as Receipt[],
    calls: [] as IncomingCall[],
  };
  const handlers: EngineHandlers = {
    onQr: (qr) => void log.qrs.push(qr),
    onOpen: (identity) => void log.opens.push(identity.jid),
    onClose: (info) => void log.closes.push(info),
    onMessage: (message) => void log.messages.push(message),
    onReceipt: (receipt) => void log.receipts.push(receipt),
    onCall: (call) => void log.calls.push(call),
  };
  return { log, handlers };
}

export async function connectRecorded(
  engine: WaEngine,
  accountId: string,
  auth = memoryAuth(),
): Promise<{
  session: WaSession;
  auth: ReturnType<typeof memoryAuth>;
  log: ReturnType<typeof recorder>['log'];
  handlers: EngineHandlers;
}> {
  const { log, handlers } = recorder();
  const session = await engine.connect({ accountId, auth, handlers, logger });
  return { session, auth, log, handlers };
}

export function client(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export interface SandboxUnderTest {
  /** A client on the file's own redis-server. */
  redis: Redis;
  url: string;
  /** A sandbox engine on `redis`, when asked for with `{ engine: true }`. */
  engine: SandboxEngine;
}

/**
 * A private redis-server for the test file, a client on it and, with `engine`, a sandbox engine on
 * that client: started before the file's tests, closed after.
 */
export function useSandbox(options: { engine?: boolean } = {}): SandboxUnderTest {
  let started: SandboxUnderTest | undefined;
  let destroy: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const server = await startRedis();
    destroy = () => server.destroy();
    const redis = client(server.url);
    const engine = options.engine ? createSandboxEngine({ redis }) : undefined;
    started = {
      redis,
      url: server.url,
      get engine(): SandboxEngine {
        if (!engine) throw new Error('useSandbox({ engine: true }) makes an engine');
        return engine;
      },
    };
  });
  afterAll(async () => {
    if (options.engine) await started?.engine.close();
    started?.redis.disconnect();
    await destroy?.();
  });
  return lateBound(() => started);
}

/** Connects `accountId` on the file's engine and scans its QR as the phone would; resolves once open. */
export async function pairRecorded(sandbox: SandboxUnderTest, accountId: string) {
  const connected = await connectRecorded(sandbox.engine, accountId);
  await waitFor(() => connected.log.qrs.length > 0, { what: `${accountId} QR` });
  const { jid } = await scanSandboxQr(sandbox.redis, accountId);
  await waitFor(() => connected.log.opens.length > 0, { what: `${accountId} open` });
  return { ...connected, jid };
}
