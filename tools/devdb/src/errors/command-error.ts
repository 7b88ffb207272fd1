/** A command failure that is answered as `{ ok: 0, errmsg, code, codeName }`, as mongod shapes it. */
export class CommandError extends Error {
  override readonly name = 'CommandError';

  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    /** Extra fields copied into the error reply (e.g. keyPattern/keyValue). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
