import { lateBound, waitFor } from '@wildcat/testkit';
import type {
  ContactNames,
  DisconnectInfo,
  EngineHandlers,
  GroupEvent,
  GroupMetadata,
  InboundMessage,
  IncomingCall,
  Receipt,
  WaSession,
} from '@wildcat/wa';
import { startWaPeer, type WaPeer } from '@wildcat/wa-test-peer';
import pino from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { type BaileysEngine, createBaileysEngine } from '../src/index.js';
import { MemoryAuthStates } from './support/memory-auth-state.js';
import { MemoryMessages } from './support/memory-messages.js';

/** Everything one session reported through the engine port, for assertions. */
export interface Recorded {
  qrs: string[];
  opens: { jid: string; pushName?: string }[];
  closes: DisconnectInfo[];
  messages: InboundMessage[];
  receipts: Receipt[];
  calls: IncomingCall[];
  groups: GroupEvent[];
  contacts: ContactNames[];
}

export interface TestSession {
  accountId: string;
  session: WaSession;
  events: Recorded;
  /** Resolves with the first recorded item (past or future) `probe` finds. */
  until<T>(
    probe: (events: Recorded) => T | undefined,
    what: string,
    timeoutMs?: number,
  ): Promise<NonNullable<T>>;
}

export interface Fixture {
  peer: WaPeer;
  /** Each account's auth state (BufferJSON text, fenced by lease epoch), as the worker's store keeps it. */
  auth: MemoryAuthStates;
  /** Message contents for getMessage and media bytes, as the worker's store keeps them. */
  messages: MemoryMessages;
  engine: BaileysEngine;
  warnings: unknown[];
  /** Group metadata every session's cachedGroupMetadata answers from (empty: Baileys fetches it). */
  groupCache: Map<string, GroupMetadata>;
  /** Opens a socket for `accountId` with the in-memory auth state at lease `epoch`. */
  connect(
    accountId: string,
    options?: { epoch?: number; handlers?: Partial<EngineHandlers> },
  ): Promise<TestSession>;
  /** QR → scan → 515 → the reconnect the worker's policy orders → open. */
  pair(accountId: string, phone: string, options?: { businessName?: string }): Promise<TestSession>;
  close(): Promise<void>;
}

// Silent: the peer and Baileys are chatty, and assertions cover what matters. Raise to debug locally.
const logger = pino({ level: 'silent' });

export async function startFixture(): Promise<Fixture> {
  const peer = await startWaPeer();
  const warnings: unknown[] = [];
  peer.on('warning', (w) => warnings.push(w));
  const auth = new MemoryAuthStates();
  const messages = new MemoryMessages();
  const engine = createBaileysEngine({
    waWebSocketUrl: peer.url,
    media: peer.clientMediaConfig(),
    logLevel: 'silent',
  });
  const sessions: WaSession[] = [];
  const groupCache = new Map<string, GroupMetadata>();

  async function connect(
    accountId: string,
    options: { epoch?: number; handlers?: Partial<EngineHandlers> } = {},
  ) {
    const events: Recorded = {
      qrs: [],
      opens: [],
      closes: [],
      messages: [],
      receipts: [],
      calls: [],
      groups: [],
      contacts: [],
    };
    const handlers: EngineHandlers = {
      onQr: (qr) => void events.qrs.push(qr),
      onOpen: (identity) => void events.opens.push(identity),
      onClose: (info) => void events.closes.push(info),
      onMessage: (message) => void events.messages.push(message),
      onReceipt: (receipt) => void events.receipts.push(receipt),
      onCall: (call) => void events.calls.push(call),
      onGroupEvent: (event) => void events.groups.push(event),
      onContacts: (contacts) => void events.contacts.push(...contacts),
    };
    for (const [name, extra] of Object.entries(options.handlers ?? {})) {
      const own = handlers[name as keyof EngineHandlers] as (arg: unknown) => unknown;
      (handlers as unknown as Record<string, unknown>)[name] = async (arg: unknown) => {
        await (extra as (arg: unknown) => unknown)(arg);
        own(arg);
      };
    }
    const session = await engine.connect({
      accountId,
      auth: auth.of(accountId).bind(options.epoch ?? 1),
      handlers,
      logger,
      getMessage: (messageId) => messages.getContent(accountId, messageId),
      cachedGroupMetadata: async (groupId) => groupCache.get(groupId),
    });
    sessions.push(session);
    return {
      accountId,
      session,
      events,
      until: <T>(probe: (e: Recorded) => T | undefined, what: string, timeoutMs = 20_000) =>
        waitFor(() => probe(events), { what, timeoutMs }),
    };
  }

  async function pair(
    accountId: string,
    phone: string,
    options: { businessName?: string } = {},
  ): Promise<TestSession> {
    const first = await connect(accountId);
    const qr = await first.until((e) => e.qrs[0], 'QR');
    await peer.scanQr(qr, phone, options);
    const closed = await first.until((e) => e.closes[0], 'close after pairing');
    if (closed.code !== 515) throw new Error(`expected 515 after pairing, got ${closed.code}`);
    const second = await connect(accountId);
    // first login stores 812 prekeys in one transaction: slow when the machine is busy
    await second.until((e) => e.opens[0], 'open after the 515 restart', 45_000);
    return second;
  }

  return {
    peer,
    auth,
    messages,
    engine,
    warnings,
    groupCache,
    connect,
    pair,
    async close() {
      // Always end every socket: Baileys' prekey-upload timer would keep the worker alive 30 s.
      await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
      await engine.close();
      await peer.close().catch(() => undefined); // a test may have closed it already
    },
  };
}

/**
 * Registers a fixture for the calling suite: started before its tests, closed after them, and
 * then no Baileys warning may have been logged.
 */
export function useFixture(): Fixture {
  let fx: Fixture | undefined;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.close();
    expect(fx?.warnings).toEqual([]);
  });
  return lateBound(() => fx);
}
