/** A client-facing failure: the error handler answers `statusCode` with `{ ok: false, error: message }`. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra body fields, e.g. the messageId of a send that timed out. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
