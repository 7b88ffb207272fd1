import { rebuildWebhookInterest } from '@wildcat/redis-bus';
import { type Store, wantedEventTypes } from '@wildcat/store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * How often the webhook-interest registry is rebuilt from MongoDB. New subscriptions are in it at
 * once (the gateway adds them); this only drops deleted and disabled ones, whose accounts' events
 * meanwhile cost the queue jobs they cost before the registry existed.
 */
export const INTEREST_REFRESH_MS = 30_000;

/**
 * Builds the registry that lets session workers skip events-queue jobs nobody subscribed to, at
 * start and then every INTEREST_REFRESH_MS. A failed rebuild leaves the registry as it was (at
 * worst too wide, never too narrow) and is tried again at the next tick.
 */
export function startInterestRefresh(
  redis: Redis,
  store: Pick<Store, 'webhooks'>,
  logger: Pick<Logger, 'warn'>,
  everyMs = INTEREST_REFRESH_MS,
): { first: Promise<void>; stop(): void } {
  const read = async () =>
    (await store.webhooks.enabledInterests()).map((hook) => ({
      accountId: hook.accountId,
      types: wantedEventTypes(hook),
    }));
  const refresh = () =>
    rebuildWebhookInterest(redis, read).then(
      (replaced) => {
        if (!replaced) logger.warn('webhook-interest registry not rebuilt: subscriptions kept changing');
      },
      (error: unknown) => logger.warn({ err: error }, 'webhook-interest registry not rebuilt'),
    );
  const first = refresh();
  const timer = setInterval(() => void refresh(), everyMs);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
