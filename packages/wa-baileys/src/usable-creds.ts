import { z } from 'zod';

const key32 = z.instanceof(Uint8Array).refine((bytes) => bytes.length === 32, 'a 32-byte key');
const keyPair = z.object({ public: key32, private: key32 });

/**
 * What Baileys' handshake and login read from stored creds without checking. Creds missing any
 * of these (a sandbox engine's creds, a truncated write) crash inside the noise handler
 * (`reading 'public'`) on every connect, so they are refused before a socket is made.
 */
const usableCreds = z.object({
  noiseKey: keyPair,
  pairingEphemeralKeyPair: keyPair,
  signedIdentityKey: keyPair,
  signedPreKey: z.object({ keyPair, signature: z.instanceof(Uint8Array), keyId: z.number().int() }),
  registrationId: z.number().int(),
  advSecretKey: z.string().min(1),
});

/** Why stored creds cannot be used by Baileys, or undefined when they can. */
export function unusableCredsReason(creds: unknown): string | undefined {
  const checked = usableCreds.safeParse(creds);
  if (checked.success) return undefined;
  const fields = [...new Set(checked.error.issues.map((issue) => issue.path.join('.') || 'creds'))];
  const platform = (creds as { platform?: unknown } | null)?.platform;
  const origin = typeof platform === 'string' ? ` (written by ${platform})` : '';
  return `stored credentials are unusable by the Baileys engine${origin}: ${fields.join(', ')} missing or invalid; a new QR code scan is needed`;
}
