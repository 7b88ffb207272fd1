import type { ChainableCommander, Redis } from 'ioredis';
import { isCluster } from './redis-connection.js';
import { defineScripts, luaScript } from './redis-scripts.js';

/**
 * A send still in the backlog after this long is presumed gone (a job removed by hand, or one
 * that kept killing workers) and stops counting: a lost entry cannot block its account forever.
 * Longer than the deepest backlog takes to drain at the default pace (1,000 at 60 a minute).
 */
export const SEND_BACKLOG_HORIZON_MS = 3_600_000;

/** Sorted set of an account's accepted, unfinished sends: member messageId, score acceptance time. */
export const sendBacklogKey = (accountId: string) => `wc:send-backlog:{${accountId}}`;

// Keys vary: one per send admitted by the call.
const ADMIT = luaScript(new URL('./send-backlog-admit.lua', import.meta.url));

export interface BacklogAdmission {
  admitted: boolean;
  /** Sends of the account accepted and not finished, this one included when admitted. */
  size: number;
}

export interface BacklogEntry {
  accountId: string;
  messageId: string;
}

/** Counts an accepted send into its account's backlog unless the backlog already holds `limit`. */
export async function enterSendBacklog(
  redis: Redis,
  accountId: string,
  messageId: string,
  limit: number,
  now = Date.now(),
): Promise<BacklogAdmission> {
  const [admission] = await admit(redis, [{ accountId, messageId }], limit, now);
  return admission as BacklogAdmission;
}

/** Sends one script call admits at most: a burst of thousands does not hold Redis in one call. */
const MAX_PER_CALL = 256;

/**
 * `enterSendBacklog` for many sends, in the order given, in one script call: one round trip and
 * no pipeline (an ioredis pipeline copies every script of its client, and BullMQ defines dozens).
 * On a Cluster, one call per account (its backlog's slot), all at once. A call that failed
 * answers its error in the place of each of its sends.
 */
export async function enterSendBacklogs(
  redis: Redis,
  entries: readonly BacklogEntry[],
  limit: number,
  now = Date.now(),
): Promise<Array<BacklogAdmission | Error>> {
  const answers: Array<BacklogAdmission | Error> = new Array(entries.length);
  await Promise.all(
    callGroups(entries, isCluster(redis)).map(async (indexes) => {
      const group = indexes.map((index) => entries[index] as BacklogEntry);
      const admissions = await admit(redis, group, limit, now).catch((error: Error) =>
        group.map(() => error),
      );
      for (const [position, index] of indexes.entries())
        answers[index] = admissions[position] as BacklogAdmission | Error;
    }),
  );
  return answers;
}

/** Entry indexes per script call: in order, by account on a Cluster, at most MAX_PER_CALL each. */
function callGroups(entries: readonly BacklogEntry[], perAccount: boolean): number[][] {
  const open = new Map<string, number[]>();
  const groups: number[][] = [];
  for (const [index, { accountId }] of entries.entries()) {
    const key = perAccount ? accountId : '';
    let group = open.get(key);
    if (!group || group.length === MAX_PER_CALL) {
      group = [];
      open.set(key, group);
      groups.push(group);
    }
    group.push(index);
  }
  return groups;
}

async function admit(
  redis: Redis,
  entries: readonly BacklogEntry[],
  limit: number,
  now: number,
): Promise<BacklogAdmission[]> {
  if (entries.length === 0) return [];
  const { admit: call } = defineScripts(redis, { admit: ADMIT });
  const keys = entries.map(({ accountId }) => sendBacklogKey(accountId));
  const ids = entries.map(({ messageId }) => messageId);
  const flat = (await call(
    keys.length,
    ...keys,
    ...ids,
    String(now),
    String(limit),
    String(SEND_BACKLOG_HORIZON_MS),
  )) as number[];
  return entries.map((_, index) => ({ admitted: flat[2 * index] === 1, size: flat[2 * index + 1] ?? 0 }));
}

/** A send reached its final outcome (sent, duplicate or failed for good): it leaves the backlog. */
export function leaveSendBacklog(pipeline: ChainableCommander, accountId: string, messageId: string): void {
  pipeline.zrem(sendBacklogKey(accountId), messageId);
}
