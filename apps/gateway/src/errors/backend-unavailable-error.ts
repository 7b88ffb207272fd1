/** Redis or MongoDB cannot be reached right now; answered as 503 with Retry-After. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    readonly backend: 'redis' | 'mongodb',
    options?: { cause?: unknown },
  ) {
    super(`${backend} is unavailable`, options);
  }
}
