/** MongoDB could not be reached at start-up; the message says where and what to do. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(hostList: string, cause: unknown) {
    super(
      `cannot reach MongoDB at ${hostList} (${(cause as Error)?.message ?? cause}): start it, or set MONGODB_URL to a reachable server`,
      { cause },
    );
  }
}
