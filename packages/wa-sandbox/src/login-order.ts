/**
 * An entry of an account's socket hash: the Redis client id of the engine holding the socket
 * (the socket is live while that connection is) and when the socket logged in.
 */
export interface SocketEntry {
  clientId: string;
  loggedInAt: number;
}

export function socketEntry(clientId: string, loggedInAt: number): string {
  return `${clientId}@${loggedInAt}`;
}

/** An entry without a login time (written before it was kept) counts as the oldest login. */
export function parseSocketEntry(value: string): SocketEntry {
  const [clientId = '', at] = value.split('@');
  return { clientId, loggedInAt: Number(at) || 0 };
}

/**
 * Whether socket `a` logged in after socket `b`; equal times are ordered by socket id, so of two
 * sockets exactly one is the newer. The newest login wins by when it logged in, not by when its
 * registration reached Redis: a registration can wait out a Redis outage in the client's queue
 * and arrive after that of a socket opened later.
 */
export function loggedInAfter(
  a: { socketId: string; loggedInAt: number },
  b: { socketId: string; loggedInAt: number },
): boolean {
  return a.loggedInAt === b.loggedInAt ? a.socketId > b.socketId : a.loggedInAt > b.loggedInAt;
}
