import type { UserFacingSocketConfig } from '@whiskeysockets/baileys';
import type { ConnectOptions } from '@wildcat/wa';
import type { Logger } from 'pino';
import { toBaileysMetadata } from './baileys-groups.js';
import { decodeContent } from './stored-content.js';

/**
 * The socket's reads of what the worker stored: a sent message's content (Baileys' getMessage,
 * for retries) and a group's metadata (cachedGroupMetadata, so a send to a group does not fetch
 * it each time: rate limits and ban risk at volume).
 */
export function storeHooks(
  options: ConnectOptions,
  logger: Logger,
): Pick<UserFacingSocketConfig, 'getMessage' | 'cachedGroupMetadata'> {
  return {
    getMessage: async (key) => {
      if (!key.id || !options.getMessage) return undefined;
      const stored = await options.getMessage(key.id).catch((error: unknown) => {
        // Answered as a miss: the peer's retry then goes without the content, as for any unknown id.
        logger.warn({ err: error, messageId: key.id }, 'stored message lookup failed');
        return undefined;
      });
      return decodeContent(stored)?.message;
    },
    cachedGroupMetadata: async (jid) => {
      const stored = await options.cachedGroupMetadata?.(jid);
      return stored ? toBaileysMetadata(stored) : undefined;
    },
  };
}
