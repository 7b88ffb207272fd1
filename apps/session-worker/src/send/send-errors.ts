import { NO_PENDING_QR_MESSAGE } from '@wildcat/jobs';
import {
  ActionRefusedError,
  GroupRefusedError,
  NoPendingQrError,
  NotConnectedError,
  SendForbiddenError,
  SendRefusedError,
} from '@wildcat/wa';
import { AccountNotFoundError } from '../errors/account-not-found-error.js';
import { ForwardSourceMissingError } from '../errors/forward-source-missing-error.js';
import { GroupActionRepeatedError } from '../errors/group-action-repeated-error.js';
import { MediaMissingError } from '../errors/media-missing-error.js';
import { MediaUrlError } from '../errors/media-url-error.js';
import { PhoneScanUnsupportedError } from '../errors/phone-scan-unsupported-error.js';
import { RateLimitedError } from '../errors/rate-limited-error.js';
import { StickerImageError } from '../errors/sticker-image-error.js';

export interface MappedError {
  /** Client-facing `error` string. */
  error: string;
  httpStatus: number;
  /** Worth another attempt (transient) rather than a final answer. */
  retryable: boolean;
  retryAfterMs?: number;
}

/** What a failed send or control job tells the client through the gateway. */
export function mapJobError(error: unknown): MappedError {
  if (error instanceof AccountNotFoundError)
    return { error: 'Account not found', httpStatus: 404, retryable: false };
  if (error instanceof NotConnectedError)
    return { error: 'Account not connected', httpStatus: 409, retryable: false };
  if (error instanceof RateLimitedError)
    return {
      error: 'Rate limit exceeded',
      httpStatus: 429,
      retryable: false,
      retryAfterMs: error.retryAfterMs,
    };
  // Before the general refusal: the reason is the user's to act on (join, ask an admin).
  if (error instanceof SendForbiddenError) return { error: error.message, httpStatus: 403, retryable: false };
  if (error instanceof SendRefusedError)
    return { error: 'WhatsApp refused the message', httpStatus: 502, retryable: false };
  if (error instanceof ActionRefusedError)
    return { error: error.message, httpStatus: error.badInput ? 400 : 502, retryable: false };
  if (error instanceof ForwardSourceMissingError)
    return { error: `Cannot forward: ${error.reason}`, httpStatus: 404, retryable: false };
  if (error instanceof GroupRefusedError)
    return { error: error.message, httpStatus: error.httpStatus, retryable: false };
  if (error instanceof GroupActionRepeatedError)
    return {
      error: 'This group action already ran once and is not repeated; check GET /groups before trying again',
      httpStatus: 409,
      retryable: false,
    };
  if (error instanceof MediaUrlError)
    return { error: error.message, httpStatus: error.httpStatus, retryable: false };
  if (error instanceof MediaMissingError)
    return { error: 'Media not found', httpStatus: 404, retryable: false };
  if (error instanceof StickerImageError) return { error: error.message, httpStatus: 400, retryable: false };
  if (error instanceof NoPendingQrError)
    return { error: NO_PENDING_QR_MESSAGE, httpStatus: 409, retryable: false };
  if (error instanceof PhoneScanUnsupportedError)
    return { error: 'This engine has no sandbox phone to scan with', httpStatus: 409, retryable: false };
  return { error: 'internal_error', httpStatus: 500, retryable: true };
}
