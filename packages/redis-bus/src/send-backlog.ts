import { queuePrefix } from '@wildcat/jobs';
import type { ChainableCommander } from 'ioredis';

/**
 * A send still in the backlog after this long is presumed gone (a job removed by hand, or one
 * that kept killing workers) and stops counting: a lost entry cannot block its account forever.
 * Longer than the deepest backlog takes to drain at the default pace (1,000 at 60 a minute).
 */
export const SEND_BACKLOG_HORIZON_MS = 3_600_000;

/**
 * Sorted set of an account's accepted, unfinished sends: member messageId, score acceptance time.
 * Under its send queue's hash tag, so admitting a send and adding its job is one script call on
 * one Redis Cluster node (send-enqueue.lua).
 */
export const sendBacklogKey = (sendQueueName: string, accountId: string) =>
  `${queuePrefix(sendQueueName)}:backlog:${accountId}`;

/** A send reached its final outcome (sent, duplicate or failed for good): it leaves the backlog. */
export function leaveSendBacklog(
  pipeline: ChainableCommander,
  sendQueueName: string,
  accountId: string,
  messageId: string,
): void {
  pipeline.zrem(sendBacklogKey(sendQueueName, accountId), messageId);
}
