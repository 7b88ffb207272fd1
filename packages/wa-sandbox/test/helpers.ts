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
