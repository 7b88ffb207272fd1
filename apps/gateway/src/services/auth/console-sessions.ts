import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A browser session for Bull Board, opened by the console after its key sign-in. */
export const CONSOLE_SESSION_COOKIE = 'wildcat_console';
export const CONSOLE_SESSION_TTL_SECONDS = 8 * 60 * 60;

// Redis holds the id's digest, not the id: a dump of Redis cannot be replayed as a cookie.
const redisKey = (id: string) => `wc:console-session:${createHash('sha256').update(id).digest('hex')}`;
const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ConsoleSessions {
  /** A new opaque id (32 random bytes) for this admin key id, expiring after the TTL. */
  open(keyId: string): Promise<string>;
  /** The admin key id a live session belongs to, or undefined. */
  keyIdOf(id: string): Promise<string | undefined>;
  close(id: string): Promise<void>;
}

export function createConsoleSessions(
  redis: Redis,
  ttlSeconds = CONSOLE_SESSION_TTL_SECONDS,
): ConsoleSessions {
  return {
    async open(keyId) {
      const id = randomBytes(32).toString('base64url');
      await redis.set(redisKey(id), keyId, 'EX', ttlSeconds);
      return id;
    },
    async keyIdOf(id) {
      if (!ID_PATTERN.test(id)) return undefined;
      return (await redis.get(redisKey(id))) ?? undefined;
    },
    async close(id) {
      if (ID_PATTERN.test(id)) await redis.del(redisKey(id));
    },
  };
}

/** The session id from a Cookie header (the first cookie of that name), or undefined. */
export function sessionIdFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CONSOLE_SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/**
 * The Set-Cookie values: one cookie per path it is for (Bull Board, and the console's own
 * sign-out route), HttpOnly so page scripts never see it, SameSite=Strict so no other site can
 * ride it. `maxAge` 0 clears them.
 */
export function sessionCookies(id: string, maxAge: number, secure: boolean): string[] {
  return ['/admin/queues', '/console'].map((path) =>
    [
      `${CONSOLE_SESSION_COOKIE}=${id}`,
      `Path=${path}`,
      `Max-Age=${maxAge}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(secure ? ['Secure'] : []),
    ].join('; '),
  );
}
