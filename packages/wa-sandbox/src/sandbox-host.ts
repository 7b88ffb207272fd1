import type { Redis } from 'ioredis';

/** A session as its host registers it: the account it belongs to and its own socket id. */
export interface HostedSession {
  readonly accountId: string;
  readonly socketId: string;
  /** When the socket logged in (was created): the newest login of an account wins. */
  readonly loggedInAt: number;
}

/** What a session needs from the engine that owns the shared connections. */
export interface SandboxHost<S extends HostedSession = HostedSession> {
  redis: Redis;
  qrTimeoutMs: number;
  maxMediaBytes: number;
  /** Resolves false when a newer login of the account is live: this socket was replaced before it opened. */
  register(session: S): Promise<boolean>;
  unregister(session: S): Promise<void>;
}
