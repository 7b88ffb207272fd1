/** A failed API call, with the sentence the page shows. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when the gateway could not be reached at all. */
    readonly status: number,
  ) {
    super(message);
  }
}

export const KEY_REFUSED = 'That API key was refused';
export const GATEWAY_DOWN = 'Cannot reach the gateway — is it running?';

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
