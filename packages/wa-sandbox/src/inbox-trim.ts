import type { Redis } from 'ioredis';
import { runScript, script } from './run-script.js';

// Removes the handled head of an inbox only if it is still there, then reads the next batch.
// A plain LTRIM by count is not idempotent: ioredis resends a command whose reply a Redis restart
// cut off, and a second LTRIM would drop frames nobody handled (seen in the e2e Redis outage as
// a sent message that never arrived). Checking the first and last handled frames makes a resend
// a no-op; a frame equal to a handled one byte for byte is a resend of it, harmless to drop.
const TRIM_HANDLED = `
local n = tonumber(ARGV[1])
if n > 0 and redis.call('LINDEX', KEYS[1], 0) == ARGV[2] and redis.call('LINDEX', KEYS[1], n - 1) == ARGV[3] then
  redis.call('LTRIM', KEYS[1], n, -1)
end
local next = tonumber(ARGV[4])
if next > 0 then return redis.call('LRANGE', KEYS[1], 0, next - 1) end
return {}`;
const TRIM_HANDLED_SCRIPT = script(TRIM_HANDLED);

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
  const next = await runScript(
    redis,
    TRIM_HANDLED_SCRIPT,
    [key],
    [String(handled.length), first, last, String(nextBatch)],
  );
  return (next as string[] | null) ?? [];
}
