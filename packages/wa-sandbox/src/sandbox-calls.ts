import { randomBytes } from 'node:crypto';
import { ActionRefusedError } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { deliverReceipt, resolveAccount } from './deliver.js';
import { sandboxKeys } from './keys.js';

/** How long the network remembers a call (for the callee's reject to reach the caller). */
const CALL_TTL_SECONDS = 600;

export interface SandboxCall {
  from: string;
  fromAccount: string;
  to: string;
  toAccount: string;
  isVideo: boolean;
}

export async function readCall(redis: Redis, callId: string): Promise<SandboxCall | undefined> {
  const raw = await redis.get(sandboxKeys.call(callId));
  return raw ? (JSON.parse(raw) as SandboxCall) : undefined;
}

/**
 * Sandbox account `accountId` calls the number `to`: the callee's socket gets an offer (unless
 * the callee blocked the caller, as on WhatsApp, where the caller just hears it ring).
 */
export async function placeSandboxCall(
  redis: Redis,
  accountId: string,
  to: string,
  options: { isVideo?: boolean } = {},
): Promise<{ callId: string }> {
  const from = await redis.get(sandboxKeys.number(accountId));
  if (!from || (await resolveAccount(redis, from)) !== accountId)
    throw new ActionRefusedError(
      'The calling account is not linked to a sandbox number (scan its QR first)',
      true,
    );
  const toAccount = await resolveAccount(redis, to);
  if (!toAccount) throw new ActionRefusedError(`${to} is not a sandbox account`, true);
  const callId = randomBytes(8).toString('hex').toUpperCase();
  const call: SandboxCall = {
    from,
    fromAccount: accountId,
    to,
    toAccount,
    isVideo: options.isVideo === true,
  };
  await redis.set(sandboxKeys.call(callId), JSON.stringify(call), 'EX', CALL_TTL_SECONDS);
  if ((await redis.sismember(sandboxKeys.blocked(toAccount), from)) === 1) return { callId };
  await deliverReceipt(redis, toAccount, {
    k: 'call',
    id: callId,
    from,
    isVideo: call.isVideo,
    status: 'offer',
    ts: Date.now(),
  });
  return { callId };
}
