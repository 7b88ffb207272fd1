import { duplicateRedis, isCluster } from '@wildcat/redis-bus/connection';
import type { ConnectOptions, PhoneScanOptions, WaEngine, WaSession } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import type { ControlFrame } from './frames.js';
import { sandboxKeys } from './keys.js';
import { loggedInAfter, parseSocketEntry, socketEntry } from './login-order.js';
import { liveClientIds, sandboxNode, scanSandboxQr } from './network.js';
import { saveSandboxContact } from './sandbox-address-book.js';
import { placeSandboxCall } from './sandbox-calls.js';
import type { SandboxHost } from './sandbox-host.js';
import { SandboxSession } from './sandbox-session.js';

const SUBSCRIBE_ATTEMPTS = 5;
/** On a Cluster, the second drain after the subscriber came back (see ensureSubscriber). */
const RESUBSCRIBED_WAKE_MS = 1_000;

export interface SandboxEngineOptions {
  /** Shared command connection of the worker; the engine adds one subscriber connection. */
  redis: Redis;
  /** How long a QR waits for a scan before the socket closes with 408 (default 2 minutes). */
  qrTimeoutMs?: number;
  /** Largest media the network carries (default 100 MiB). */
  maxMediaBytes?: number;
}

export interface SandboxEngine extends WaEngine {
  readonly name: 'sandbox';
  simulatePhoneScan(accountId: string, options?: PhoneScanOptions): Promise<{ jid: string }>;
  simulateCall(accountId: string, to: string, options?: { isVideo?: boolean }): Promise<{ callId: string }>;
  simulateSavedContact(accountId: string, jid: string, name: string): Promise<void>;
  /** Sessions this engine holds open right now. */
  sessionCount(): number;
}

/**
 * The sandbox engine of one worker process: one subscriber connection for all its sessions,
 * routing each account's channel to that account's session, so an idle session costs a map
 * entry and one channel subscription rather than a Redis connection.
 */
export function createSandboxEngine(options: SandboxEngineOptions): SandboxEngine {
  const { redis } = options;
  const sessions = new Map<string, Set<SandboxSession>>();
  let subscriber: Redis | undefined;
  let clientId: string | undefined;
  let closed = false;

  async function ownClientId(): Promise<string> {
    if (!clientId) clientId = String(await sandboxNode(redis).client('ID'));
    return clientId;
  }

  // A reconnected command connection has a new client id: re-register every socket under it,
  // or the network would count them as dead.
  const onCommandReady = () => {
    clientId = undefined;
    void (async () => {
      const id = await ownClientId();
      const pipeline = redis.pipeline();
      for (const [accountId, set] of sessions)
        for (const session of set)
          pipeline.hset(
            sandboxKeys.sockets(accountId),
            session.socketId,
            socketEntry(id, session.loggedInAt),
          );
      await pipeline.exec();
      // Redis went away again: its next 'ready' runs this once more.
    })().catch(() => undefined);
  };
  redis.on('ready', onCommandReady);

  function ensureSubscriber(): Redis {
    if (subscriber) return subscriber;
    // No ready check: ioredis 5.11 writes a SUBSCRIBE issued while it is still handshaking
    // (SUBSCRIBE carries the `loading` flag), ahead of its INFO ready check; the INFO then fails
    // in subscriber mode, and the failed check rejects every queued subscribe and reconnects.
    // A connection that only subscribes has nothing to wait for in the ready check.
    const created = duplicateRedis(redis, { enableReadyCheck: false });
    // Connection errors are retried by ioredis; an unhandled 'error' event would crash the process.
    created.on('error', () => {});
    created.on('message', (channel: string, message: string) => {
      const accountId = channel.slice(sandboxKeys.channelPrefix.length);
      const set = sessions.get(accountId);
      if (set) for (const session of set) session.onFrame(message);
    });
    // Notices published while the subscriber was away are lost; the inboxes are not. ioredis
    // writes the re-SUBSCRIBE as it turns ready, but a message delivered before Redis has run it
    // notifies nobody, and a drain on 'ready' alone can read the inbox just before that message
    // lands (seen once: the last message of the Redis outage e2e never reached its chat). So the
    // sessions drain on 'ready' and once more after the resubscribe: after a PING on this
    // connection answers (Redis ran the SUBSCRIBE before it), or a second later on a Cluster,
    // whose PING goes to another connection.
    let first = true;
    const wakeAll = () => {
      for (const set of sessions.values()) for (const session of set) session.wake();
    };
    created.on('ready', () => {
      if (first) {
        first = false;
        return;
      }
      wakeAll();
      if (isCluster(created)) setTimeout(wakeAll, RESUBSCRIBED_WAKE_MS).unref();
      else created.ping().then(wakeAll, () => undefined);
    });
    subscriber = created;
    return created;
  }

  /**
   * On a Redis Cluster, ioredis' own subscriber connection always runs the INFO ready check, and
   * a SUBSCRIBE written ahead of it fails it in subscriber mode (ioredis issue #2037); the Cluster
   * then picks a new subscriber connection, so a retry a moment later goes through.
   */
  async function subscribeWithRetry(accountId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureSubscriber().subscribe(sandboxKeys.channel(accountId));
        return;
      } catch (error) {
        if (attempt >= SUBSCRIBE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  const host: SandboxHost<SandboxSession> = {
    redis,
    qrTimeoutMs: options.qrTimeoutMs ?? 120_000,
    maxMediaBytes: options.maxMediaBytes ?? 100 * 1024 * 1024,

    async register(session) {
      const { accountId, socketId } = session;
      let set = sessions.get(accountId);
      if (!set) {
        set = new Set();
        sessions.set(accountId, set);
        try {
          await subscribeWithRetry(accountId);
        } catch (error) {
          // Without its channel the account would never hear a scan or a notice: the next
          // register must subscribe again, so no empty set may stay behind.
          if (set.size === 0) sessions.delete(accountId);
          throw error;
        }
      }
      set.add(session);
      const id = await ownClientId();
      const key = sandboxKeys.sockets(accountId);
      await redis.hset(key, socketId, socketEntry(id, session.loggedInAt));
      // The newest login wins: other live sockets of this account that logged in before this one
      // are told they were replaced (440); if one logged in after it, this one is the replaced one.
      const others = Object.entries(await redis.hgetall(key))
        .filter(([other]) => other !== socketId)
        .map(([other, value]) => ({ socketId: other, ...parseSocketEntry(value) }));
      if (others.length === 0) return true;
      const live = await liveClientIds(redis, [...new Set(others.map((other) => other.clientId))]);
      const pipeline = redis.pipeline();
      let newest = true;
      for (const other of others) {
        if (!live.has(other.clientId)) pipeline.hdel(key, other.socketId);
        else if (loggedInAfter(other, session)) newest = false;
        else {
          pipeline.hincrby(sandboxKeys.stats, 'conflicts', 1);
          const frame: ControlFrame = { t: 'replaced', socketId: other.socketId };
          pipeline.publish(sandboxKeys.channel(accountId), JSON.stringify(frame));
        }
      }
      if (!newest) pipeline.hincrby(sandboxKeys.stats, 'conflicts', 1);
      await pipeline.exec();
      return newest;
    },

    async unregister(session) {
      const { accountId, socketId } = session;
      const set = sessions.get(accountId);
      set?.delete(session);
      if (set && set.size === 0) {
        sessions.delete(accountId);
        // A subscription left behind only delivers frames no session listens to any more.
        await subscriber?.unsubscribe(sandboxKeys.channel(accountId)).catch(() => undefined);
      }
      // A socket entry left behind is pruned at the account's next login (its client is checked).
      await redis.hdel(sandboxKeys.sockets(accountId), socketId).catch(() => undefined);
    },
  };

  return {
    name: 'sandbox',

    async connect(connectOptions: ConnectOptions): Promise<WaSession> {
      if (closed) throw new Error('sandbox engine is closed');
      const session = new SandboxSession(host, connectOptions);
      await session.start();
      return session;
    },

    // The QR and the link live in Redis: any worker's engine can scan for a socket held elsewhere.
    simulatePhoneScan(accountId: string, scanOptions?: PhoneScanOptions) {
      return scanSandboxQr(redis, accountId, scanOptions);
    },

    simulateCall(accountId: string, to: string, callOptions?: { isVideo?: boolean }) {
      return placeSandboxCall(redis, accountId, to, callOptions);
    },

    simulateSavedContact(accountId: string, jid: string, name: string) {
      return saveSandboxContact(redis, accountId, jid, name);
    },

    sessionCount() {
      let count = 0;
      for (const set of sessions.values()) count += set.size;
      return count;
    },

    async close() {
      closed = true;
      const open = [...sessions.values()].flatMap((set) => [...set]);
      await Promise.all(open.map((session) => session.close()));
      redis.off('ready', onCommandReady);
      if (subscriber) {
        const quitting = subscriber;
        subscriber = undefined;
        await quitting.quit().catch(() => quitting.disconnect());
      }
    },
  };
}
