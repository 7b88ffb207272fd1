import {
  readStatus,
  readStatusBriefs,
  readStatuses,
  type StatusBrief,
  type StatusRecord,
} from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';

/**
 * readStatuses drops per-account errors (a page still renders), so an offline Redis would read as
 * "not_started" everywhere: check the client is up first and answer 503 instead.
 */
function assertReady(redis: Redis): void {
  if (redis.status !== 'ready') throw new BackendUnavailableError('redis');
}

export async function liveStatus(redis: Redis, accountId: string): Promise<StatusRecord | undefined> {
  assertReady(redis);
  return readStatus(redis, accountId);
}

export async function liveStatuses(
  redis: Redis,
  accountIds: readonly string[],
): Promise<Map<string, StatusRecord>> {
  assertReady(redis);
  const statuses = await readStatuses(redis, accountIds);
  assertReady(redis);
  return statuses;
}

/** Status, last change and whether a QR waits, of many accounts: what fleet counts need. */
export async function liveStatusBriefs(
  redis: Redis,
  accountIds: readonly string[],
): Promise<Map<string, StatusBrief>> {
  assertReady(redis);
  const briefs = await readStatusBriefs(redis, accountIds);
  assertReady(redis);
  return briefs;
}
