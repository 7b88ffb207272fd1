/**
 * Media types a browser may show inline from a media URL. Stored types come from whoever sent
 * the file (an API uploader, a WhatsApp contact), so anything that can run script or carry
 * active content is downloaded instead: HTML, SVG (script inside an image), XML, PDF (viewers run
 * script, and Chrome's viewer does not load under a sandbox CSP anyway), and every type not listed.
 */
const INLINE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/wav',
  'audio/webm',
  'audio/opus',
  'audio/amr',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/3gpp',
  'video/quicktime',
]);

/** `Video/MP4; codecs="avc1"` → `video/mp4`: the part a browser decides by. */
export function mediaTypeEssence(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

export function isInlineSafe(contentType: string): boolean {
  return INLINE_TYPES.has(mediaTypeEssence(contentType));
}

/** Every media answer: no script, no plugins, no subresources, even if a browser renders it. */
export const MEDIA_CSP = "sandbox; default-src 'none'";
