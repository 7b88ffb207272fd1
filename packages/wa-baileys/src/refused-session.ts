import {
  type ConnectOptions,
  DisconnectCode,
  NotConnectedError,
  type SendResult,
  type WaSession,
} from '@wildcat/wa';

/**
 * The session of an account whose stored creds Baileys cannot use: no socket is made, and it
 * reports one close as a logout (401) with the reason, so the worker's policy wipes the creds and
 * stops with `logged_out` (a new QR on the next connect) instead of reconnecting forever.
 */
export function refusedSession(options: ConnectOptions, reason: string): WaSession {
  let closed = false;
  // After connect() returned, like a socket that closes on its own.
  setImmediate(() => {
    if (closed) return;
    closed = true;
    void Promise.resolve(
      options.handlers.onClose({ code: DisconnectCode.loggedOut, wasOpen: false, reason }),
    ).catch((error: unknown) => options.logger.error({ err: error }, 'onClose handler failed'));
  });
  return {
    accountId: options.accountId,
    isOpen: () => false,
    send(): Promise<SendResult> {
      return Promise.reject(new NotConnectedError(options.accountId));
    },
    markRead() {
      return Promise.reject(new NotConnectedError(options.accountId));
    },
    sendPresence() {
      return Promise.reject(new NotConnectedError(options.accountId));
    },
    requestPairingCode() {
      return Promise.reject(new Error(`account ${options.accountId} is not waiting for pairing: ${reason}`));
    },
    async logout() {
      closed = true;
      await options.auth.clear();
    },
    async close() {
      closed = true;
    },
  };
}
