/**
 * What each status code means on this API, shown in the docs for every response a route declares
 * (Swagger UI printed "Default Response" for all of them). A route's own `description` wins.
 */
export const RESPONSE_DESCRIPTIONS: Readonly<Record<string, string>> = Object.freeze({
  200: 'OK: done, the body holds the result',
  201: 'Created',
  202: 'Accepted: queued for the account’s worker (with `?wait=false`, or when the worker has not answered yet); the messageId is final',
  204: 'No content',
  206: 'Partial content: the requested byte range of the file',
  400: 'Bad request: the body, a parameter or a header is invalid; `error` says what to fix',
  401: 'Unauthorized: send a valid `X-API-Key` or `Authorization: Bearer` key',
  403: 'Forbidden: this key is scoped to other accounts, or the route is for admin keys only',
  404: 'Not found: no such account, message, chat, webhook or file',
  409: 'Conflict: the resource already exists, or the account is not in a state that allows this (e.g. not connected)',
  413: 'Payload too large: the body or the uploaded file is over the limit',
  415: 'Unsupported media type: send JSON, a form, or multipart/form-data as documented',
  416: 'Range not satisfiable: the requested byte range is outside the file',
  422: 'Unprocessable: the given url could not be fetched (unreachable, an error status, too slow); `error` says why',
  429: 'Too many requests: rate limit or the account’s send backlog is full; retry after the `Retry-After` header',
  500: 'Internal error',
  502: 'Bad gateway: WhatsApp refused or failed the operation',
  503: 'Service unavailable: Redis, MongoDB or the account’s worker is not reachable (nothing was accepted), or, with REDIS_WAIT_REPLICAS set, too few Redis replicas confirmed a send in time; retry, with the same Idempotency-Key for a send',
  504: 'Timed out waiting for the worker: the job stays queued and will run; the messageId (when given) is final',
});

/** Sets `description` on each response schema of a route that has none. */
export function describeResponses(response: unknown): void {
  if (!response || typeof response !== 'object') return;
  for (const [code, schema] of Object.entries(response as Record<string, unknown>)) {
    if (!schema || typeof schema !== 'object') continue;
    const described = schema as { description?: string };
    const text = RESPONSE_DESCRIPTIONS[code];
    if (described.description === undefined && text) described.description = text;
  }
}
