/** A write fenced by an older lease epoch than one already applied: the writer lost its shard. */
export class StaleEpochError extends Error {
  override name = 'StaleEpochError';
  constructor(
    readonly collection: string,
    readonly epoch: number,
    readonly currentEpoch: number,
  ) {
    super(`stale fencing epoch ${epoch} for ${collection} (current ${currentEpoch})`);
  }
}
