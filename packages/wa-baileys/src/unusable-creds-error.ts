/** Stored creds Baileys cannot log in with; the message says why and that a new scan is needed. */
export class UnusableCredsError extends Error {
  override name = 'UnusableCredsError';
}
