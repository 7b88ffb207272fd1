import type { Redis } from 'ioredis';
import { z } from 'zod';
import { crossSlotPipeline } from './cross-slot-pipeline.js';
import { isCluster } from './redis-connection.js';
import { defineScripts, luaScript } from './redis-scripts.js';

export const ACCOUNT_STATUSES = [
  'connecting',
  'connected',
  'reconnecting',
  'logged_out',
  'not_started',
] as const;
export const accountStatusSchema = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** Live status of one account as the owning worker last wrote it. */
export interface StatusRecord {
  status: AccountStatus;
  /** ms since epoch */
  lastUpdate: number;
  /** Raw QR string while waiting for a scan, else undefined. */
  qr?: string;
  /** Worker id that owns the socket. */
  owner?: string;
  /** Fencing epoch of the owner's shard lease at the time of writing. */
  epoch: number;
  /** Own JID once paired, e.g. 919876543210@s.whatsapp.net */
  jid?: string;
  pushName?: string;
  /** Last disconnect code or reason, for operators. */
  reason?: string;
}

export type StatusWrite = Omit<StatusRecord, 'lastUpdate'> & { lastUpdate?: number };

export function statusKey(accountId: string): string {
  return `wc:status:${accountId}`;
}

// Rejects a write from a worker whose lease epoch is older than the last writer's.
const FENCED_WRITE = luaScript(new URL('./status-fenced-write.lua', import.meta.url), 1);

/** Writes a status fenced by epoch; resolves false when a newer owner already wrote. */
export async function writeStatus(redis: Redis, accountId: string, write: StatusWrite): Promise<boolean> {
  const fields: string[] = [
    'status',
    write.status,
    'lastUpdate',
    String(write.lastUpdate ?? Date.now()),
    'qr',
    write.qr ?? '',
    'owner',
    write.owner ?? '',
    'jid',
    write.jid ?? '',
    'pushName',
    write.pushName ?? '',
    'reason',
    write.reason ?? '',
  ];
  const { fencedWrite } = defineScripts(redis, { fencedWrite: FENCED_WRITE });
  const applied = await fencedWrite(statusKey(accountId), String(write.epoch), ...fields);
  return applied === 1;
}

function parseRecord(hash: Record<string, string>): StatusRecord | undefined {
  const status = accountStatusSchema.safeParse(hash.status);
  if (!status.success) return undefined;
  return {
    status: status.data,
    lastUpdate: Number(hash.lastUpdate ?? 0),
    qr: hash.qr || undefined,
    owner: hash.owner || undefined,
    epoch: Number(hash.epoch ?? 0),
    jid: hash.jid || undefined,
    pushName: hash.pushName || undefined,
    reason: hash.reason || undefined,
  };
}

export async function readStatus(redis: Redis, accountId: string): Promise<StatusRecord | undefined> {
  return parseRecord(await redis.hgetall(statusKey(accountId)));
}

/** One round trip for a page of accounts. */
export async function readStatuses(
  redis: Redis,
  accountIds: readonly string[],
): Promise<Map<string, StatusRecord>> {
  const result = new Map<string, StatusRecord>();
  if (accountIds.length === 0) return result;
  // One key per account: on a Cluster they spread over the masters.
  const pipeline = crossSlotPipeline(redis);
  for (const id of accountIds) pipeline.hgetall(statusKey(id));
  const replies = (await pipeline.exec()) ?? [];
  replies.forEach(([error, hash], index) => {
    const id = accountIds[index];
    if (error || !id) return;
    const record = parseRecord(hash as Record<string, string>);
    if (record) result.set(id, record);
  });
  return result;
}

/** What fleet-wide counts need of a status: three fields of the hash, not its owner, names, reason. */
export interface StatusBrief {
  status: AccountStatus;
  lastUpdate: number;
  /** A QR is waiting to be scanned. */
  hasQr: boolean;
}

// Many status hashes in one call: one reply to parse instead of one per account.
const STATUS_BRIEFS = luaScript(new URL('./status-briefs.lua', import.meta.url));
/** Keys per script call: each call holds Redis for about a millisecond per thousand. */
const BRIEFS_PER_CALL = 1_000;

function brief(status: string | null, lastUpdate: string | null, hasQr: boolean): StatusBrief | undefined {
  const parsed = accountStatusSchema.safeParse(status);
  return parsed.success ? { status: parsed.data, lastUpdate: Number(lastUpdate ?? 0), hasQr } : undefined;
}

/**
 * The brief of every account given. On one server (or a Sentinel primary) a script reads a
 * thousand hashes per call: at 10,000 accounts the client parses 10 replies, not 10,000, which
 * is what the read cost (bench/RESULTS.md, fleet summary). On a Cluster the keys spread over
 * slots, so it is one HMGET each in a cross-slot pipeline.
 */
export async function readStatusBriefs(
  redis: Redis,
  accountIds: readonly string[],
): Promise<Map<string, StatusBrief>> {
  const result = new Map<string, StatusBrief>();
  if (accountIds.length === 0) return result;
  if (isCluster(redis)) {
    const pipeline = crossSlotPipeline(redis);
    for (const id of accountIds) pipeline.hmget(statusKey(id), 'status', 'lastUpdate', 'qr');
    const replies = (await pipeline.exec()) ?? [];
    accountIds.forEach((id, index) => {
      const [error, fields] = replies[index] ?? [null, null];
      if (error || !fields) return;
      const [status, lastUpdate, qr] = fields as [string | null, string | null, string | null];
      const found = brief(status, lastUpdate, Boolean(qr));
      if (found) result.set(id, found);
    });
    return result;
  }
  const { statusBriefs } = defineScripts(redis, { statusBriefs: STATUS_BRIEFS });
  const chunks: string[][] = [];
  for (let start = 0; start < accountIds.length; start += BRIEFS_PER_CALL)
    chunks.push(accountIds.slice(start, start + BRIEFS_PER_CALL) as string[]);
  const replies = await Promise.all(
    chunks.map((ids) => statusBriefs(ids.length, ...ids.map(statusKey)) as Promise<string[]>),
  );
  chunks.forEach((ids, chunk) => {
    ids.forEach((id, index) => {
      const line = replies[chunk]?.[index];
      if (!line) return;
      const [status = null, lastUpdate = null, qr] = line.split('|');
      const found = brief(status, lastUpdate, qr === '1');
      if (found) result.set(id, found);
    });
  });
  return result;
}

/** Removes the status of a deleted account; unfenced because the account is gone for everyone. */
export async function clearStatus(redis: Redis, accountId: string): Promise<void> {
  await redis.del(statusKey(accountId));
}
