export class MediaTooLargeError extends Error {
  override name = 'MediaTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`file is larger than ${limitBytes} bytes`);
  }
}
