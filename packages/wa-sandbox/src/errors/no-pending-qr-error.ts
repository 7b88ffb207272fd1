/** scanSandboxQr on an account that is not waiting for a scan (the gateway answers 409). */
export class NoPendingQrError extends Error {
  override name = 'NoPendingQrError';
  constructor(readonly accountId: string) {
    super(`account ${accountId} has no QR code waiting to be scanned`);
  }
}
