/** A job names an account that does not exist (HTTP 404). */
export class AccountNotFoundError extends Error {
  override name = 'AccountNotFoundError';
  constructor(readonly accountId: string) {
    super(`account ${accountId} does not exist`);
  }
}
