import { NotConnectedError } from '@wildcat/wa';

/**
 * The account is meant to be connected but is not open here right now: its shard is moving
 * between workers or its session is (re)connecting. The send waits for it instead of failing;
 * once it has waited too long it is an ordinary NotConnectedError (409).
 */
export class AccountAwayError extends NotConnectedError {
  override name = 'AccountAwayError';
}
