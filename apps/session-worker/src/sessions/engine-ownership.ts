import type { AccountDoc } from '@wildcat/store';

/**
 * Why this worker's engine must not open the account, or undefined when it may: an account
 * paired on one engine holds that engine's credentials (a sandbox pairing is no WhatsApp login,
 * and Baileys' keys mean nothing to the sandbox). Opening it anyway crashed Baileys' handshake and
 * reconnected forever; now it stops once, keeping the credentials, with what to do next.
 */
export function engineMismatch(account: Pick<AccountDoc, 'engine'>, engine: string): string | undefined {
  if (!account.engine || account.engine === engine) return undefined;
  return `linked on the ${account.engine} engine while this worker runs ${engine}: start it with WA_ENGINE=${account.engine}, or log the account out to link it again here`;
}
