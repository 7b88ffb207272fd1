/** A sticker upload that is no WebP, PNG or JPEG image, or could not be converted (HTTP 400). */
export class StickerImageError extends Error {
  override name = 'StickerImageError';
}
