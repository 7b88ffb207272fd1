/** The account's token bucket cannot give a send a token within its wait (HTTP 429). */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(readonly retryAfterMs: number) {
    super(`send rate exceeded; retry after ${retryAfterMs} ms`);
  }
}
