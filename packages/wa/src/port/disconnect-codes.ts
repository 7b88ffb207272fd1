/**
 * Disconnect codes as engines report them (Baileys' DisconnectReason values). The reconnect
 * policy in the session worker decides what each one means; engines only report them.
 */
export const DisconnectCode = {
  /** The device was unlinked: wipe credentials. */
  loggedOut: 401,
  /** Account banned or access forbidden. */
  forbidden: 403,
  /** Client version refused: refresh the version and reconnect. */
  versionOutdated: 405,
  /** Before pairing: the QR expired. After pairing: the connection timed out. */
  timedOut: 408,
  /** Connection closed by the server. */
  connectionClosed: 428,
  /** Another socket logged in with the same credentials. */
  connectionReplaced: 440,
  badSession: 500,
  unavailableService: 503,
  /** Server asks for an immediate restart (after pairing and on some stream errors). */
  restartRequired: 515,
} as const;

export type KnownDisconnectCode = (typeof DisconnectCode)[keyof typeof DisconnectCode];

export const KNOWN_DISCONNECT_CODES: readonly KnownDisconnectCode[] = Object.values(DisconnectCode);

export interface DisconnectInfo {
  /** Numeric code; unknown codes are passed through as they came. */
  code: number;
  reason?: string;
  /** Whether the socket had completed pairing/login before it closed. */
  wasOpen: boolean;
}
