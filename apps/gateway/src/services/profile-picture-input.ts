import { MAX_PROFILE_PICTURE_BYTES } from '@wildcat/jobs';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-error.js';
import { validationMessage } from '../plugins/app/error-handler.js';
import { PICTURE_BASE64_OR_URL, pictureJsonBody } from '../routes/accounts/profile-schema.js';
import { checkMediaUrl } from './media-json.js';
import { isMalformedMultipart, MALFORMED_MULTIPART } from './receive-upload.js';

const TOO_LARGE = `picture must be at most ${MAX_PROFILE_PICTURE_BYTES} bytes`;

/** The picture as the worker takes it: its bytes, or a url the worker fetches. */
export type PictureInput = { image: Buffer } | { url: string };

/**
 * The picture of PUT …/profile/picture: the multipart `picture` file, or JSON `{base64}` or
 * `{url}` (checked here, fetched by the worker through the SSRF guard).
 */
export async function readProfilePicture(
  request: FastifyRequest,
  options: { allowPrivateUrls: boolean },
): Promise<PictureInput> {
  if (request.isMultipart()) {
    // A body busboy cannot parse (no boundary, cut short) is the client's mistake, not a 500.
    const image = await readMultipartPicture(request).catch((error: unknown) => {
      throw isMalformedMultipart(error) ? new HttpError(400, MALFORMED_MULTIPART) : error;
    });
    return { image };
  }
  const parsed = pictureJsonBody.safeParse(request.body);
  if (!parsed.success)
    throw new HttpError(
      400,
      validationMessage(
        parsed.error.issues.map((issue) => ({ keyword: issue.code, message: issue.message })),
      ),
    );
  const { base64, url } = parsed.data;
  if (url !== undefined) return { url: checkMediaUrl(url, options.allowPrivateUrls) };
  if (base64 === undefined) throw new HttpError(400, PICTURE_BASE64_OR_URL);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.replace(/\s/g, '')))
    throw new HttpError(400, 'base64 must be base64-encoded image bytes');
  const image = Buffer.from(base64, 'base64');
  if (image.length === 0) throw new HttpError(400, 'base64 must be base64-encoded image bytes');
  if (image.length > MAX_PROFILE_PICTURE_BYTES) throw new HttpError(413, TOO_LARGE);
  return { image };
}

async function readMultipartPicture(request: FastifyRequest): Promise<Buffer> {
  let image: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      length += chunk.length;
      // Past the limit nothing more is kept; the rest of the part is read and dropped.
      if (length <= MAX_PROFILE_PICTURE_BYTES) chunks.push(chunk);
    }
    if (part.fieldname !== 'picture') continue;
    if (length > MAX_PROFILE_PICTURE_BYTES || part.file.truncated) throw new HttpError(413, TOO_LARGE);
    image = Buffer.concat(chunks, length);
  }
  if (!image || image.length === 0) throw new HttpError(400, 'picture file is required');
  return image;
}
