import { defineScripts, luaScript } from '@wildcat/redis-bus/scripts';
import type { Redis } from 'ioredis';

// Idempotent against a resend of the trim (see the script).
const TRIM_HANDLED = luaScript(new URL('./sandbox-inbox-trim.lua', import.meta.url), 1);

/**
 * Drops `handled` (the frames just handled, from the head of the inbox) and resolves the next
 * `nextBatch` frames, in one round trip.
 */
export async function trimHandled(
  redis: Redis,
  key: string,
  handled: readonly string[],
  nextBatch: number,
): Promise<string[]> {
  const first = handled[0] ?? '';
  const last = handled[handled.length - 1] ?? '';
  const { trim } = defineScripts(redis, { trim: TRIM_HANDLED });
  const next = await trim(key, String(handled.length), first, last, String(nextBatch));
  return (next as string[] | null) ?? [];
}
