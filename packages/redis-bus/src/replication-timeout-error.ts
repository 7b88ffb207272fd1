/** Fewer replicas than asked confirmed a write in time (Redis WAIT): it may not survive a failover. */
export class ReplicationTimeoutError extends Error {
  override name = 'ReplicationTimeoutError';
  constructor(
    readonly acknowledged: number,
    readonly wanted: number,
  ) {
    super(`${acknowledged} of ${wanted} Redis replicas confirmed the write in time`);
  }
}
