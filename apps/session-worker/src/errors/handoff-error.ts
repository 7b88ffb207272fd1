/**
 * The shard is moving (lost lease, rebalance or shutdown) while a job waited: the job must run
 * again on the new owner rather than fail for the client.
 */
export class HandoffError extends Error {
  override name = 'HandoffError';
  constructor(readonly shard: number) {
    super(`shard ${shard} is moving to another worker`);
  }
}
