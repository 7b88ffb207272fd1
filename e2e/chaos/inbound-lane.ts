import { setTimeout as sleep } from 'node:timers/promises';
import { injectSandboxMessage } from '@wildcat/wa-sandbox';
import { Redis } from 'ioredis';
import type { PairedAccount } from '../support/accounts.js';
import type { Prng } from './prng.js';

/** A message the sandbox network took in for a sandbox account (as WhatsApp's server would). */
export interface InjectedRecord {
  accountId: string;
  messageId: string;
}

export interface InboundTraffic {
  /** Messages the network acknowledged: each must end up stored once at its account. */
  injected: InjectedRecord[];
  /** Injections that failed and were tried again (Redis down or paused). */
  retries(): number;
  stop(): Promise<void>;
}

/**
 * Messages from phones outside the sandbox, into the inboxes of random sandbox accounts, one every
 * `intervalMs`. An injection whose answer did not come (Redis killed or paused) is repeated with the
 * same message id until acknowledged: the network drops a resend of an id it already delivered, as
 * WhatsApp does.
 */
export function startInboundTraffic(
  redisUrl: string,
  accounts: readonly PairedAccount[],
  random: Prng,
  seed: number,
  intervalMs: number,
): InboundTraffic {
  const redis = new Redis(redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => 250,
    commandTimeout: 5_000,
  });
  redis.on('error', () => {});
  const injected: InjectedRecord[] = [];
  let retries = 0;
  let stopped = false;
  const running = (async () => {
    for (let n = 0; !stopped; n++) {
      const account = random.pick(accounts);
      const messageId = `CHAOSIN${seed}X${n}`;
      const phone = `1999${String(random.int(0, 9_999_999)).padStart(7, '0')}@s.whatsapp.net`;
      for (;;) {
        try {
          await injectSandboxMessage(redis, account.id, {
            from: phone,
            id: messageId,
            pushName: 'Chaos outside',
            body: { type: 'text', text: `chaos-in ${messageId}` },
          });
          injected.push({ accountId: account.id, messageId });
          break;
        } catch {
          retries++;
          await sleep(500);
        }
      }
      await sleep(intervalMs);
    }
  })();
  return {
    injected,
    retries: () => retries,
    async stop() {
      stopped = true;
      await running;
      redis.disconnect();
    },
  };
}
