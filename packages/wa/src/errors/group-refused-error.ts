/**
 * WhatsApp refused a group action. `httpStatus` is what the client should see (403 not an admin,
 * 404 no such group or invite, 400 a request WhatsApp calls malformed); `message` says what to fix.
 */
export class GroupRefusedError extends Error {
  override name = 'GroupRefusedError';

  constructor(
    message: string,
    readonly httpStatus: 400 | 403 | 404 | 409,
  ) {
    super(message);
  }
}
