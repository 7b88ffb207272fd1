import { asCluster, clusterMasters, isCluster } from '@wildcat/redis-bus/connection';
import { NoPendingQrError, type PhoneScanOptions } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import type { ControlFrame, PendingQr } from './frames.js';
import { sandboxKeys } from './keys.js';
import { parseSocketEntry } from './login-order.js';

/** First sandbox phone number; accounts get consecutive numbers from here. */
const FIRST_NUMBER = 15_550_000_000;

/**
 * "Scans" the QR an account's sandbox socket is showing: links the device, gives it a phone JID
 * (the same one it had before, or the phone it asked a pairing code for) and wakes the socket,
 * which stores its credentials and opens. Throws NoPendingQrError when no QR is waiting.
 */
export async function scanSandboxQr(
  redis: Redis,
  accountId: string,
  options: PhoneScanOptions = {},
): Promise<{ jid: string }> {
  const raw = await redis.get(sandboxKeys.qr(accountId));
  if (!raw) throw new NoPendingQrError(accountId);
  const pending = JSON.parse(raw) as PendingQr;
  let jid = pending.phone
    ? `${pending.phone}@s.whatsapp.net`
    : await redis.get(sandboxKeys.number(accountId));
  if (jid) {
    const holder = await redis.get(sandboxKeys.jid(jid));
    if (holder && holder !== accountId) jid = null;
  }
  if (!jid) jid = `${FIRST_NUMBER + (await redis.incr(sandboxKeys.numberSeq))}@s.whatsapp.net`;
  const frame: ControlFrame = { t: 'scan', ref: pending.ref, jid, pushName: options.pushName ?? accountId };
  const multi = redis.multi().set(sandboxKeys.jid(jid), accountId).set(sandboxKeys.number(accountId), jid);
  // Whether the number is a business is the phone's: each scan says it again.
  if (options.business) multi.hset(sandboxKeys.profile(jid), 'business', '1');
  else multi.hdel(sandboxKeys.profile(jid), 'business');
  await multi
    .del(sandboxKeys.qr(accountId))
    .publish(sandboxKeys.channel(accountId), JSON.stringify(frame))
    .exec();
  return { jid };
}

/** Whether an account's socket is showing a QR right now. */
export async function hasPendingSandboxQr(redis: Redis, accountId: string): Promise<boolean> {
  return (await redis.exists(sandboxKeys.qr(accountId))) === 1;
}

/**
 * Makes the network close an account's socket with `code`, as WhatsApp would (401 also unlinks
 * the device). Resolves the number of worker processes that heard it (0: nobody holds a socket).
 */
export async function injectSandboxDisconnect(
  redis: Redis,
  accountId: string,
  code: number,
): Promise<number> {
  const frame: ControlFrame = { t: 'disconnect', code };
  return redis.publish(sandboxKeys.channel(accountId), JSON.stringify(frame));
}

/**
 * The connection client ids are taken and checked on. Client ids are per Redis node: on a Cluster
 * that is the master serving the sandbox's slot, the node all its keys live on.
 */
export function sandboxNode(redis: Redis): Redis {
  if (!isCluster(redis)) return redis;
  const { masters, addressOf } = clusterMasters(asCluster(redis));
  const address = addressOf(sandboxKeys.stats);
  return masters.find((master) => master.address === address)?.client ?? redis;
}

/** Redis client ids that are still connected, out of `ids`. */
export async function liveClientIds(redis: Redis, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const listing = (await sandboxNode(redis).call('CLIENT', 'LIST', 'ID', ...ids)) as string;
  const live = new Set<string>();
  for (const line of listing.split('\n')) {
    const match = /^id=(\d+)/.exec(line);
    if (match?.[1]) live.add(match[1]);
  }
  return live;
}

/**
 * Live sockets the network sees for an account. A socket dies with its process: it is live
 * only while the Redis connection of the engine that opened it is.
 */
export async function liveSocketCount(redis: Redis, accountId: string): Promise<number> {
  const sockets = Object.values(await redis.hgetall(sandboxKeys.sockets(accountId))).map(
    (value) => parseSocketEntry(value).clientId,
  );
  const live = await liveClientIds(redis, [...new Set(sockets)]);
  return sockets.filter((clientId) => live.has(clientId)).length;
}

export interface SandboxStats {
  /** Times a socket opened while another live socket of the same account existed. */
  conflicts: number;
  /** Resends of an already delivered message id that the network dropped. */
  duplicates: number;
}

export async function sandboxStats(redis: Redis): Promise<SandboxStats> {
  const raw = await redis.hgetall(sandboxKeys.stats);
  return { conflicts: Number(raw.conflicts ?? 0), duplicates: Number(raw.duplicates ?? 0) };
}

/** Turns on counting of deliveries per (recipient, message id), for tests and benchmarks. */
export async function enableSandboxTrace(redis: Redis): Promise<void> {
  await redis.set(sandboxKeys.trace, '1');
}

/** Deliveries counted since the trace was enabled: `${recipientAccountId}/${messageId}` → count. */
export async function sandboxDeliveries(redis: Redis): Promise<Map<string, number>> {
  const raw = await redis.hgetall(sandboxKeys.rx);
  return new Map(Object.entries(raw).map(([key, count]) => [key, Number(count)]));
}

/** The phone JID an account was given in the sandbox, if it was ever paired. */
export async function sandboxJidOf(redis: Redis, accountId: string): Promise<string | undefined> {
  return (await redis.get(sandboxKeys.number(accountId))) ?? undefined;
}
