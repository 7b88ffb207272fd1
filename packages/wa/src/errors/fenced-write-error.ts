/**
 * An auth-state write refused because a newer owner of the account's shard has written since:
 * the engine holding this adapter lost the account and must close its socket quietly.
 */
export class FencedWriteError extends Error {
  override name = 'FencedWriteError';
  constructor(
    readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`auth-state write for ${accountId} fenced off by a newer owner`, options);
  }
}
