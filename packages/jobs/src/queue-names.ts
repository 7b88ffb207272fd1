import { shardLabel } from './shard.js';

export const EVENTS_QUEUE = 'events';
export const WEBHOOK_DELIVERIES_QUEUE = 'webhook-deliveries';

export function sendQueueName(shard: number): string {
  return `send-${shardLabel(shard)}`;
}

export function controlQueueName(shard: number): string {
  return `control-${shardLabel(shard)}`;
}

/**
 * BullMQ key prefix with a hash tag per queue: every key of one queue lands in one Redis Cluster
 * slot (BullMQ's scripts need that), while different shards spread over the cluster.
 */
export function queuePrefix(queueName: string): string {
  return `wc:{${queueName}}`;
}

/** Every queue name that exists for a shard count, for Bull Board and metrics. */
export function allQueueNames(shards: number): string[] {
  const names = [EVENTS_QUEUE, WEBHOOK_DELIVERIES_QUEUE];
  for (let shard = 0; shard < shards; shard++) names.push(sendQueueName(shard), controlQueueName(shard));
  return names;
}
