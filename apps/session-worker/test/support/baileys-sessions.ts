import { randomBytes } from 'node:crypto';
import { type RunningDevdb, startDevdb } from '@wildcat/devdb';
import { createStore, type Store } from '@wildcat/store';
import { inspectMongo, waitFor } from '@wildcat/testkit';
import { type DisconnectInfo, FencedWriteError, type WaSession } from '@wildcat/wa';
import { createBaileysEngine } from '@wildcat/wa-baileys';
import { startWaPeer, type WaPeer } from '@wildcat/wa-test-peer';
import pino from 'pino';

/** What one Baileys session reported through the engine port. */
export interface Reported {
  qrs: string[];
  opens: { jid: string }[];
  closes: DisconnectInfo[];
}

export interface BaileysSession {
  session: WaSession;
  events: Reported;
  /** Resolves with the first reported item (past or future) `probe` finds. */
  until<T>(
    probe: (events: Reported) => T | undefined,
    what: string,
    timeoutMs?: number,
  ): Promise<NonNullable<T>>;
}

/** Real Baileys (through our adapter) against the local protocol peer, auth state in the store. */
export interface BaileysSessions {
  peer: WaPeer;
  store: Store;
  /** Protocol warnings the peer raised (a test expects none). */
  warnings: unknown[];
  /** The account's auth state, as the worker keeps it. */
  authState(accountId: string): ReturnType<Store['authState']>;
  connect(accountId: string): Promise<BaileysSession>;
  /** QR → scan → 515 → reconnect → open. */
  pair(accountId: string, phone: string): Promise<BaileysSession>;
  close(): Promise<void>;
}

// Silent: the peer and Baileys are chatty, and assertions cover what matters.
const logger = pino({ level: 'silent' });

export async function startBaileysSessions(): Promise<BaileysSessions> {
  const peer = await startWaPeer();
  const warnings: unknown[] = [];
  peer.on('warning', (w) => warnings.push(w));
  const devdb: RunningDevdb = await startDevdb({ quiet: true });
  const dbName = `sw_baileys_${randomBytes(4).toString('hex')}`;
  const store = await createStore({ url: devdb.url, dbName });
  const engine = createBaileysEngine({
    waWebSocketUrl: peer.url,
    media: peer.clientMediaConfig(),
    logLevel: 'silent',
  });
  const sessions: WaSession[] = [];
  const authState = (accountId: string) => store.authState(`auth_${accountId}`);

  async function connect(accountId: string): Promise<BaileysSession> {
    const events: Reported = { qrs: [], opens: [], closes: [] };
    const session = await engine.connect({
      accountId,
      auth: authState(accountId).bind(1, (error) => new FencedWriteError(accountId, { cause: error })),
      handlers: {
        onQr: (qr) => void events.qrs.push(qr),
        onOpen: (identity) => void events.opens.push(identity),
        onClose: (info) => void events.closes.push(info),
        onMessage: () => undefined,
        onReceipt: () => undefined,
      },
      logger,
      getMessage: (messageId) => store.messages.getContent(accountId, messageId),
    });
    sessions.push(session);
    return {
      session,
      events,
      until: (probe, what, timeoutMs = 20_000) => waitFor(() => probe(events), { what, timeoutMs }),
    };
  }

  async function pair(accountId: string, phone: string): Promise<BaileysSession> {
    const first = await connect(accountId);
    await peer.scanQr(await first.until((e) => e.qrs[0], 'QR'), phone);
    const closed = await first.until((e) => e.closes[0], 'close after pairing');
    if (closed.code !== 515) throw new Error(`expected 515 after pairing, got ${closed.code}`);
    const second = await connect(accountId);
    // first login stores 812 prekeys in one transaction: slow on devdb when the machine is busy
    await second.until((e) => e.opens[0], 'open after the 515 restart', 45_000);
    return second;
  }

  return {
    peer,
    store,
    warnings,
    authState,
    connect,
    pair,
    async close() {
      // End every socket: Baileys' prekey-upload timer would keep the process alive 30 s.
      await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
      await engine.close();
      await peer.close().catch(() => undefined); // a test may have closed it already
      const inspect = inspectMongo(devdb.url, dbName);
      await inspect.dropDatabase().catch(() => undefined);
      await Promise.all([store.close(), inspect.close()]);
      await devdb.close();
    },
  };
}
