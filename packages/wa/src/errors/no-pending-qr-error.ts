/** A simulated phone scan found no QR code waiting on the account (HTTP 409 at the gateway). */
export class NoPendingQrError extends Error {
  override name = 'NoPendingQrError';
  constructor(readonly accountId: string) {
    super(`account ${accountId} has no QR code waiting to be scanned`);
  }
}
