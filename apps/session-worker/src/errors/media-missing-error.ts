/** A send names a GridFS media id that is not there (HTTP 404). */
export class MediaMissingError extends Error {
  override name = 'MediaMissingError';
  constructor(readonly mediaId: string) {
    super(`media ${mediaId} not found`);
  }
}
