/** WhatsApp (or the sandbox network) refused a message (HTTP 502 at the gateway). */
export class SendRefusedError extends Error {
  override name = 'SendRefusedError';
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}
