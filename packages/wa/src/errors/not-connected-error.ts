/** The account has no open session to send with (HTTP 409 at the gateway). */
export class NotConnectedError extends Error {
  override name = 'NotConnectedError';
  constructor(readonly accountId: string) {
    super(`account ${accountId} is not connected`);
  }
}
