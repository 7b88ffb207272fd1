/**
 * WhatsApp answered a contacts, profile or call action with an error (or the engine could not
 * do it for the input given): the worker answers 502, or 400 when `badInput` says the input is
 * at fault, with the message.
 */
export class ActionRefusedError extends Error {
  override name = 'ActionRefusedError';

  constructor(
    message: string,
    readonly badInput = false,
  ) {
    super(message);
  }
}
