import type { ChainableCommander } from 'ioredis';
import { ReplicationTimeoutError } from './replication-timeout-error.js';

/**
 * How many replicas must hold a write before it counts as accepted, and how long to wait for
 * them. Replication is asynchronous: without a wait, a write the primary acknowledged can vanish
 * when a replica that had not received it yet is promoted.
 */
export interface ReplicaWait {
  replicas: number;
  timeoutMs: number;
}

/**
 * Runs the pipeline's writes, then WAIT on the same connection (on a Cluster the pipeline goes
 * to its keys' node, WAIT with it), and answers the replies of the writes. Rejects with
 * ReplicationTimeoutError when fewer replicas than asked confirmed in time; the writes themselves
 * stand (the primary has them), so a caller answers "retry with the same key", not "lost".
 */
export async function execWithReplicaWait(
  pipeline: ChainableCommander,
  wait: ReplicaWait,
): Promise<Array<[Error | null, unknown]>> {
  pipeline.wait(wait.replicas, wait.timeoutMs);
  const replies = (await pipeline.exec()) ?? [];
  const [waitError, acknowledged] = replies.pop() ?? [new Error('no reply to WAIT'), 0];
  if (waitError) throw waitError;
  if (Number(acknowledged) < wait.replicas)
    throw new ReplicationTimeoutError(Number(acknowledged), wait.replicas);
  return replies as Array<[Error | null, unknown]>;
}
