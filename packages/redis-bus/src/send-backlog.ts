import type { ChainableCommander, Redis } from 'ioredis';
import { defineScripts, luaScript } from './redis-scripts.js';

/**
 * A send still in the backlog after this long is presumed gone (a job removed by hand, or one
 * that kept killing workers) and stops counting: a lost entry cannot block its account forever.
 * Longer than the deepest backlog takes to drain at the default pace (1,000 at 60 a minute).
 */
export const SEND_BACKLOG_HORIZON_MS = 3_600_000;

/** Sorted set of an account's accepted, unfinished sends: member messageId, score acceptance time. */
export const sendBacklogKey = (accountId: string) => `wc:send-backlog:{${accountId}}`;

const ADMIT = luaScript(new URL('./send-backlog-admit.lua', import.meta.url), 1);

export interface BacklogAdmission {
  admitted: boolean;
  /** Sends of the account accepted and not finished, this one included when admitted. */
  size: number;
}

/** Counts an accepted send into its account's backlog unless the backlog already holds `limit`. */
export async function enterSendBacklog(
  redis: Redis,
  accountId: string,
  messageId: string,
  limit: number,
  now = Date.now(),
): Promise<BacklogAdmission> {
  const { admit } = defineScripts(redis, { admit: ADMIT });
  const [admitted, size] = (await admit(
    sendBacklogKey(accountId),
    messageId,
    String(now),
    String(limit),
    String(SEND_BACKLOG_HORIZON_MS),
  )) as [number, number];
  return { admitted: admitted === 1, size };
}

/** A send reached its final outcome (sent, duplicate or failed for good): it leaves the backlog. */
export function leaveSendBacklog(pipeline: ChainableCommander, accountId: string, messageId: string): void {
  pipeline.zrem(sendBacklogKey(accountId), messageId);
}
