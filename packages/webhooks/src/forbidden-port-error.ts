/** A webhook delivery to a port outside WEBHOOK_ALLOWED_PORTS. */
export class ForbiddenPortError extends Error {
  override name = 'ForbiddenPortError';
  readonly code = 'WILDCAT_FORBIDDEN_PORT';

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`webhook port ${port} of ${host} is not on WEBHOOK_ALLOWED_PORTS`);
  }
}
