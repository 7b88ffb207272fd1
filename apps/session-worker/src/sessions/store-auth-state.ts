import type { AuthStateRepository } from '@wildcat/store';
import { type AuthStateAdapter, FencedWriteError } from '@wildcat/wa';

/**
 * The engine port's auth state on top of the store, bound to the lease epoch the worker holds:
 * the store's StaleEpochError becomes the port's FencedWriteError, so the engine knows nothing
 * of MongoDB.
 */
export function storeAuthState(
  accountId: string,
  repository: AuthStateRepository,
  epoch: number,
): AuthStateAdapter {
  return repository.bind(epoch, (error) => new FencedWriteError(accountId, { cause: error }));
}
