import type { ForbiddenClass } from './ip-ranges.js';

/** A webhook target resolved (or connected) to an address outside the public internet. */
export class UnsafeAddressError extends Error {
  override name = 'UnsafeAddressError';
  readonly code = 'WILDCAT_UNSAFE_ADDRESS';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressClass: ForbiddenClass,
  ) {
    super(`webhook host ${host} resolves to a ${addressClass} address (${address}), which is not allowed`);
  }
}
