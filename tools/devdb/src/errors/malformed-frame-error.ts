/** The peer sent bytes that are not a wire-protocol message we can parse; the connection is dropped. */
export class MalformedFrameError extends Error {
  override readonly name = 'MalformedFrameError';
}
