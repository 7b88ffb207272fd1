/** A forward names a message the account does not have (any more), or one without its media (HTTP 404). */
export class ForwardSourceMissingError extends Error {
  override name = 'ForwardSourceMissingError';
  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super(`cannot forward ${messageId}: ${reason}`);
  }
}
