/**
 * Who a request acts as. Today every key is an admin key; account-scoped keys (stored hashed in
 * MongoDB) add `{ kind: 'account', accountIds }` and a resolver, without touching the routes.
 */
export type Principal =
  | { kind: 'admin'; keyId: string }
  | { kind: 'anonymous' }
  | { kind: 'account'; keyId: string; accountIds: readonly string[] };

/** Maps a presented key to a principal, or undefined when no such key exists. */
export type KeyResolver = (key: string) => Promise<Principal | undefined>;
