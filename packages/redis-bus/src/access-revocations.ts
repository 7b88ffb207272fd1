import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Pub/sub channel on which a gateway tells every gateway that access ended. */
export const ACCESS_REVOKED_CHANNEL = 'wc:access-revoked';

/** A stored API key was revoked, or an account (and with it every key scoped to it) was deleted. */
export const accessRevocationSchema = z.union([
  z.object({ keyId: z.string().min(1) }).strict(),
  z.object({ accountId: z.string().min(1) }).strict(),
]);
export type AccessRevocation = z.infer<typeof accessRevocationSchema>;

export async function publishRevocation(redis: Redis, revocation: AccessRevocation): Promise<void> {
  await redis.publish(ACCESS_REVOKED_CHANNEL, JSON.stringify(accessRevocationSchema.parse(revocation)));
}

/** The revocation a channel message carries, or undefined for anything else. */
export function parseRevocation(message: string): AccessRevocation | undefined {
  try {
    const parsed = accessRevocationSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: not a revocation, like any other message on the channel.
    return undefined;
  }
}
