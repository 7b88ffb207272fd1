import {
  type AuthenticationCreds,
  type ConnectionState,
  initAuthCreds,
  makeWASocket,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { waitFor } from '@wildcat/testkit';
import pino from 'pino';
import type { WaPeer } from '../src/index.js';

/** An in-memory Baileys auth state (creds + every key type), shared across reconnects. */
export interface MemoryAuth {
  creds: AuthenticationCreds;
  keys: SignalKeyStore;
}

export function memoryAuth(): MemoryAuth {
  const store: Record<string, Record<string, unknown>> = {};
  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: Record<string, SignalDataTypeMap[T]> = {};
      for (const id of ids) {
        const value = store[type]?.[id];
        if (value !== undefined) out[id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    async set(data) {
      for (const [type, entries] of Object.entries(data)) {
        store[type] ??= {};
        for (const [id, value] of Object.entries(entries ?? {})) {
          if (value === null || value === undefined) delete store[type][id];
          else store[type][id] = value;
        }
      }
    },
  };
  return { creds: initAuthCreds(), keys };
}

/** A real Baileys socket against the peer plus everything it emitted, for assertions. */
export interface TestClient {
  sock: ReturnType<typeof makeWASocket>;
  updates: Partial<ConnectionState>[];
  messages: WAMessage[];
  /** Resolves with the first connection.update (past or future) matching `match`. */
  update(
    match: (u: Partial<ConnectionState>) => unknown,
    timeoutMs?: number,
  ): Promise<Partial<ConnectionState>>;
  /** Status code of the close, once closed. */
  closeCode(timeoutMs?: number): Promise<number | undefined>;
  end(): void;
}

const logger = pino({ level: process.env.WA_PEER_LOG ?? 'silent' });

/** Opens a Baileys socket with `auth` against `peer` (media trusted through the peer's CA only). */
export function connectClient(peer: WaPeer, auth: MemoryAuth): TestClient {
  const sock = makeWASocket({
    waWebSocketUrl: peer.url,
    auth,
    logger,
    syncFullHistory: false,
    markOnlineOnConnect: false,
    ...peer.clientMediaConfig(),
  });
  const updates: Partial<ConnectionState>[] = [];
  const messages: WAMessage[] = [];
  sock.ev.on('creds.update', (update) => Object.assign(auth.creds, update));
  sock.ev.on('connection.update', (update) => updates.push(update));
  sock.ev.on('messages.upsert', ({ messages: batch }) => messages.push(...batch));
  const update = (match: (u: Partial<ConnectionState>) => unknown, timeoutMs = 15_000) =>
    waitFor(() => updates.find(match), { timeoutMs, what: 'connection.update' });
  return {
    sock,
    updates,
    messages,
    update,
    async closeCode(timeoutMs) {
      const closed = await update((u) => u.connection === 'close', timeoutMs);
      return (closed.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output
        ?.statusCode;
    },
    end: () => sock.end(undefined),
  };
}

/** QR pairing end to end: QR → scan → 515 → reconnect with the same creds → open. */
export async function pairByQr(peer: WaPeer, phone: string, auth = memoryAuth()) {
  const first = connectClient(peer, auth);
  try {
    const { qr } = await first.update((u) => u.qr);
    await peer.scanQr(qr!, phone);
    const code = await first.closeCode();
    if (code !== 515) throw new Error(`expected 515 after pairing, got ${code}`);
  } finally {
    first.end();
  }
  const client = connectClient(peer, auth);
  await client.update((u) => u.connection === 'open');
  return { auth, client };
}
