import type { Redis } from 'ioredis';

/** A session as its host registers it: the account it belongs to and its own socket id. */
export interface HostedSession {
  readonly accountId: string;
  readonly socketId: string;
}

/** What a session needs from the engine that owns the shared connections. */
export interface SandboxHost<S extends HostedSession = HostedSession> {
  redis: Redis;
  qrTimeoutMs: number;
  maxMediaBytes: number;
  register(session: S): Promise<void>;
  unregister(session: S): Promise<void>;
}
