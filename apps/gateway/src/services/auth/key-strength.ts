/** Shortest admin key production accepts: 32 characters is 190+ bits of a random base64url key. */
export const MIN_PRODUCTION_KEY_LENGTH = 32;
const PLACEHOLDER = /change-?me|placeholder|example|development|secret|password|test|dummy|^(.)\1*$/i;

/**
 * Why a set of API_KEYS must not run in production, or undefined when it may: a placeholder from
 * a template or a short key would make the whole API guessable.
 */
export function weakApiKeys(keys: readonly string[]): string | undefined {
  const weak = keys.filter((key) => key.length < MIN_PRODUCTION_KEY_LENGTH || PLACEHOLDER.test(key));
  if (weak.length === 0) return undefined;
  return `API_KEYS holds ${weak.length} placeholder or short key(s): production needs random keys of at least ${MIN_PRODUCTION_KEY_LENGTH} characters (e.g. openssl rand -base64 32)`;
}
