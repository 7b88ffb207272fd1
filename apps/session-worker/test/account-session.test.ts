import { randomBytes } from 'node:crypto';
import { type RunningDevdb, startDevdb } from '@wildcat/devdb';
import type { WildcatEvent } from '@wildcat/jobs';
import { connectRedis, readStatus } from '@wildcat/redis-bus';
import { type AccountDoc, createStore, type Store } from '@wildcat/store';
import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import type {
  AuthStateAdapter,
  ConnectOptions,
  EngineHandlers,
  SendResult,
  WaEngine,
  WaSession,
} from '@wildcat/wa';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInboundPersister } from '../src/inbound/inbound-persister.js';
import { AccountSession } from '../src/sessions/account-session.js';
import type { PolicyOptions } from '../src/sessions/reconnect-policy.js';

/** A socket the test drives by hand: it shows QRs, pairs and drops when told to. */
class FakeSocket implements WaSession {
  open = false;
  closed = false;
  loggedOut = false;

  constructor(
    readonly accountId: string,
    private readonly handlers: EngineHandlers,
    private readonly auth: AuthStateAdapter,
  ) {}

  isOpen(): boolean {
    return this.open && !this.closed;
  }
  async send(): Promise<SendResult> {
    throw new Error('not used here');
  }
  async markRead(): Promise<void> {}
  async sendPresence(): Promise<void> {}
  async requestPairingCode(): Promise<string> {
    return 'ABCD1234';
  }
  async logout(): Promise<void> {
    this.loggedOut = true;
    this.closed = true;
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  showQr(qr: string): Promise<void> {
    return Promise.resolve(this.handlers.onQr(qr));
  }
  async pair(jid: string): Promise<void> {
    await this.auth.writeCreds({ me: { id: jid } });
    this.open = true;
    await this.handlers.onOpen({ jid, pushName: 'Fake Phone' });
  }
  drop(code: number): Promise<void> {
    const wasOpen = this.open;
    this.open = false;
    return Promise.resolve(this.handlers.onClose({ code, wasOpen }));
  }
}

/** The engine port with nothing behind it but FakeSockets. */
class FakeEngine implements WaEngine {
  readonly name = 'sandbox' as const;
  readonly sockets: FakeSocket[] = [];

  async connect(options: ConnectOptions): Promise<WaSession> {
    const socket = new FakeSocket(options.accountId, options.handlers, options.auth);
    this.sockets.push(socket);
    return socket;
  }
  async close(): Promise<void> {}

  get latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket yet');
    return socket;
  }
}

let redisServer: PrivateRedis;
let devdb: RunningDevdb;
let redis: Redis;
let store: Store;
let engine: FakeEngine;
let warnings: Array<{ msg: string; state?: string; event?: string }>;
let events: WildcatEvent[];
let seq = 0;

beforeAll(async () => {
  [redisServer, devdb] = await Promise.all([startRedis(), startDevdb({ quiet: true })]);
  redis = await connectRedis(redisServer.url, 'blocking');
  store = await createStore({ url: devdb.url, dbName: `as_${randomBytes(4).toString('hex')}` });
});

afterAll(async () => {
  await store?.close();
  redis?.disconnect();
  await devdb?.close();
  await redisServer?.destroy();
});

beforeEach(() => {
  engine = new FakeEngine();
  warnings = [];
  events = [];
});

const QUICK: PolicyOptions = {
  baseDelayMs: 20,
  maxDelayMs: 40,
  breakerThreshold: 100,
  breakerPauseMs: 1_000,
};

/** A session of a new account on epoch 1, logging warnings into `warnings`. */
async function newSession(policy: PolicyOptions = QUICK): Promise<AccountSession> {
  const account = await store.accounts.create({ id: `acct-${++seq}` });
  return sessionOf(account, policy);
}

/** A session for an account document as a worker would read it (epoch 1). */
async function sessionOf(account: AccountDoc, policy: PolicyOptions = QUICK): Promise<AccountSession> {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  const publish = async (event: WildcatEvent) => void events.push(event);
  return new AccountSession(account, 1, {
    engine,
    store,
    redis,
    workerId: 'unit-worker',
    logger,
    publish,
    inbound: createInboundPersister({ store, publish, logger }),
    policy,
  });
}

const refusals = () => warnings.filter((warning) => warning.msg === 'session transition refused');
const statusOf = (session: AccountSession) => readStatus(redis, session.accountId);
const never = new AbortController().signal;

/** A session paired and open on its first socket. */
async function openSession(): Promise<AccountSession> {
  const session = await newSession();
  await session.connect();
  await engine.latest.showQr('qr-1');
  await engine.latest.pair('15550000001@s.whatsapp.net');
  expect(session.state).toBe('open');
  return session;
}

describe('AccountSession transitions', () => {
  it('idle + connect → opening: writes connecting and opens one socket; a second connect is ignored', async () => {
    const session = await newSession();
    expect(session.state).toBe('idle');
    await session.connect();
    expect(session.state).toBe('opening');
    expect((await statusOf(session))?.status).toBe('connecting');
    await session.connect();
    expect(engine.sockets).toHaveLength(1);
    expect(refusals()).toEqual([]);
  });

  it('idle + expect → queued: a send waits, and opens with the session', async () => {
    const session = await newSession();
    session.expectConnect();
    expect(session.state).toBe('queued');
    const waiting = session.waitUntilOpen(5_000, never);
    await session.connect();
    expect(session.state).toBe('opening');
    await engine.latest.pair('15550000002@s.whatsapp.net');
    expect(await waiting).toBe(true);
    expect(session.isOpen()).toBe(true);
  });

  it('opening + qr → awaiting_scan, and a new QR stays there with the new code', async () => {
    const session = await newSession();
    await session.connect();
    await engine.latest.showQr('qr-1');
    expect(session.state).toBe('awaiting_scan');
    expect(session.isWaitingForScan()).toBe(true);
    expect((await statusOf(session))?.qr).toBe('qr-1');
    // A send does not wait for a human.
    expect(await session.waitUntilOpen(5_000, never)).toBe(false);
    expect(await session.requestPairingCode('15550009999')).toBe('ABCD1234');
    await engine.latest.showQr('qr-2');
    expect(session.state).toBe('awaiting_scan');
    expect((await statusOf(session))?.qr).toBe('qr-2');
    expect(events.filter((event) => event.type === 'account.qr')).toHaveLength(2);
  });

  it('awaiting_scan + open → open: connected with the JID, identity stored', async () => {
    const session = await openSession();
    expect(session.isOpen()).toBe(true);
    expect(await statusOf(session)).toMatchObject({
      status: 'connected',
      jid: '15550000001@s.whatsapp.net',
      owner: 'unit-worker',
    });
    expect((await statusOf(session))?.qr).toBeUndefined();
    const stored = await waitFor(async () => (await store.accounts.get(session.accountId))?.jid);
    expect(stored).toBe('15550000001@s.whatsapp.net');
  });

  it('opening + open → open (stored credentials, no QR)', async () => {
    const session = await newSession();
    await session.connect();
    await engine.latest.pair('15550000003@s.whatsapp.net');
    expect(session.state).toBe('open');
  });

  it('open + retry → backoff (reconnecting), then backoff + connect → opening on the timer', async () => {
    const session = await openSession();
    await engine.latest.drop(500);
    expect(session.state).toBe('backoff');
    expect(await statusOf(session)).toMatchObject({
      status: 'reconnecting',
      jid: '15550000001@s.whatsapp.net',
    });
    await waitFor(() => engine.sockets.length === 2, { what: 'the reconnect' });
    expect(session.state).toBe('opening');
    // A reconnect keeps saying reconnecting until it opens.
    expect((await statusOf(session))?.status).toBe('reconnecting');
    await engine.latest.pair('15550000001@s.whatsapp.net');
    expect((await statusOf(session))?.status).toBe('connected');
  });

  it('opening + retry → backoff, and a connect command in backoff connects at once', async () => {
    const session = await newSession({ ...QUICK, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    await session.connect();
    await engine.latest.drop(503);
    expect(session.state).toBe('backoff');
    await session.connect();
    expect(session.state).toBe('opening');
    expect(engine.sockets).toHaveLength(2);
    await session.stop(undefined);
  });

  it('awaiting_scan + retry → backoff (restart required after the scan)', async () => {
    const session = await newSession();
    await session.connect();
    await engine.latest.showQr('qr-1');
    await engine.latest.drop(515);
    expect(session.state).toBe('backoff');
    await waitFor(() => engine.sockets.length === 2, { what: 'the restart' });
    await session.stop(undefined);
  });

  it('awaiting_scan + halt → idle: the QR expired, desired state disconnected; connect starts again', async () => {
    const session = await newSession();
    await session.connect();
    await engine.latest.showQr('qr-1');
    await engine.latest.drop(408);
    expect(session.state).toBe('idle');
    expect(await statusOf(session)).toMatchObject({ status: 'not_started', reason: '408 QR code expired' });
    expect((await store.accounts.get(session.accountId))?.desiredState).toBe('disconnected');
    await session.connect();
    expect(session.state).toBe('opening');
    expect(refusals()).toEqual([]);
  });

  it('open + halt → idle: unlinked by the phone (401) wipes credentials and reads logged_out', async () => {
    const session = await openSession();
    const auth = store.authState(session.account.collectionName);
    expect(await auth.hasCreds()).toBe(true);
    await engine.latest.drop(401);
    expect(session.state).toBe('idle');
    expect((await statusOf(session))?.status).toBe('logged_out');
    expect(await auth.hasCreds()).toBe(false);
  });

  it('opening + halt → idle: replaced by another connection (440)', async () => {
    const session = await newSession();
    await session.connect();
    await engine.latest.drop(440);
    expect(session.state).toBe('idle');
    expect((await statusOf(session))?.status).toBe('not_started');
  });

  it('open + stop → stopped: closes the socket, writes the status, drops the old socket’s late events', async () => {
    const session = await openSession();
    const socket = engine.latest;
    await session.stop('not_started', 'handoff');
    expect(session.state).toBe('stopped');
    expect(socket.closed).toBe(true);
    expect(await statusOf(session)).toMatchObject({ status: 'not_started', reason: 'handoff' });
    await socket.drop(500);
    await socket.showQr('late');
    expect(session.state).toBe('stopped');
    expect((await statusOf(session))?.status).toBe('not_started');
    expect(refusals()).toEqual([]);
  });

  it('stop without a status (lost lease) writes nothing', async () => {
    const session = await openSession();
    await session.stop(undefined);
    expect(session.state).toBe('stopped');
    expect((await statusOf(session))?.status).toBe('connected');
  });

  it('awaiting_scan + logout → stopped: unlinks, wipes credentials, reads logged_out', async () => {
    const session = await newSession();
    await session.connect();
    await engine.latest.showQr('qr-1');
    await session.logout();
    expect(session.state).toBe('stopped');
    expect(engine.latest.loggedOut).toBe(true);
    expect((await statusOf(session))?.status).toBe('logged_out');
  });

  it('idle + stop and idle + logout → stopped (a session that never connected)', async () => {
    const stopped = await newSession();
    await stopped.stop('not_started');
    expect(stopped.state).toBe('stopped');
    expect((await statusOf(stopped))?.status).toBe('not_started');
    const loggedOut = await newSession();
    await loggedOut.logout();
    expect(loggedOut.state).toBe('stopped');
    expect((await statusOf(loggedOut))?.status).toBe('logged_out');
  });
});

describe('AccountSession and the engine that paired the account', () => {
  it('records the engine at pairing', async () => {
    const session = await openSession();
    const engineOf = async () => (await store.accounts.get(session.accountId))?.engine;
    expect(await waitFor(engineOf)).toBe('sandbox');
  });

  it('does not open an account paired on another engine: one clear status, credentials kept, no loop', async () => {
    const session = await newSession();
    await store.accounts.setIdentity(session.accountId, {
      jid: '15550000009@s.whatsapp.net',
      engine: 'baileys',
    });
    await store.authState(`auth_${session.accountId}`).writeCreds({ me: { id: 'baileys-creds' } }, 1);
    const fresh = await store.accounts.get(session.accountId);
    const other = await sessionOf(fresh!);
    await other.connect();
    expect(engine.sockets).toHaveLength(0);
    expect(await statusOf(other)).toMatchObject({
      status: 'logged_out',
      reason: expect.stringContaining('linked on the baileys engine while this worker runs sandbox'),
    });
    expect(await store.authState(`auth_${session.accountId}`).hasCreds()).toBe(true);
    await other.connect();
    expect(engine.sockets).toHaveLength(0);
  });
});

describe('AccountSession refuses illegal transitions and says so', () => {
  it('stopped + connect: no socket is opened', async () => {
    const session = await newSession();
    await session.stop('not_started');
    await session.connect();
    expect(engine.sockets).toHaveLength(0);
    expect(session.state).toBe('stopped');
    expect(refusals()).toMatchObject([{ state: 'stopped', event: 'connect' }]);
  });

  it('open + qr: the account stays connected, no QR is shown', async () => {
    const session = await openSession();
    await engine.latest.showQr('qr-after-open');
    expect(session.state).toBe('open');
    expect(await statusOf(session)).toMatchObject({ status: 'connected' });
    expect((await statusOf(session))?.qr).toBeUndefined();
    expect(refusals()).toMatchObject([{ state: 'open', event: 'qr' }]);
  });

  it('open + open: a second open is refused', async () => {
    const session = await openSession();
    await engine.latest.pair('15550000001@s.whatsapp.net');
    expect(session.state).toBe('open');
    expect(refusals()).toMatchObject([{ state: 'open', event: 'open' }]);
  });

  it('opening + expect: a session already connecting is not queued again', async () => {
    const session = await newSession();
    await session.connect();
    session.expectConnect();
    expect(session.state).toBe('opening');
    expect(refusals()).toMatchObject([{ state: 'opening', event: 'expect' }]);
  });

  it('stopped + expect', async () => {
    const session = await newSession();
    await session.stop(undefined);
    session.expectConnect();
    expect(session.state).toBe('stopped');
    expect(refusals()).toMatchObject([{ state: 'stopped', event: 'expect' }]);
  });
});
