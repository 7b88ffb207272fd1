/** Redis stream that live SSE/WebSocket clients read from, trimmed to a bounded window. */
export const EVENTS_STREAM = 'wc:events';
export const EVENTS_STREAM_MAXLEN = 10_000;

/** One Redis pub/sub channel for every gateway; each keeps a map of the job ids it waits on. */
export const RESULTS_CHANNEL = 'wc:job-results';

/**
 * On a Redis Cluster, results go out with sharded pub/sub (SPUBLISH) on one channel per queue,
 * tagged like the queue's keys: each result travels only to the master (and replicas) of its
 * queue's slot, not over the whole cluster bus as a plain PUBLISH would. Every gateway
 * SSUBSCRIBEs to the channels of every shard queue.
 */
export function shardResultsChannel(queueName: string): string {
  return `wc:{${queueName}}:results`;
}
