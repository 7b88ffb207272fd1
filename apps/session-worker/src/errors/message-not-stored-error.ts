/**
 * An inbound message whose insert reported "already stored" while no stored copy exists: the
 * write may not have landed (e.g. the database went away mid-batch). Thrown so the engine keeps
 * the message and hands it over again instead of acknowledging a message that is nowhere.
 */
export class MessageNotStoredError extends Error {
  override name = 'MessageNotStoredError';

  constructor(accountId: string, messageId: string) {
    super(`inbound message ${messageId} of ${accountId} is not stored; it will be handled again`);
  }
}
