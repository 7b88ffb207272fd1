/** A retryable delivery failure whose endpoint said when to come back (429/503 Retry-After). */
export class RetryAfterError extends Error {
  override name = 'RetryAfterError';

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
