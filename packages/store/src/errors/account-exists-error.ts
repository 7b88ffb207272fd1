export class AccountExistsError extends Error {
  override name = 'AccountExistsError';
  constructor(readonly accountId: string) {
    super(`Account ${accountId} already exists`);
  }
}
