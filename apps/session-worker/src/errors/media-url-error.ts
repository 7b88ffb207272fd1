/** A send's media `url` could not be fetched; `httpStatus` and the message are the client's answer. */
export class MediaUrlError extends Error {
  override name = 'MediaUrlError';
  constructor(
    readonly httpStatus: 400 | 413 | 422,
    message: string,
  ) {
    super(message);
  }
}
