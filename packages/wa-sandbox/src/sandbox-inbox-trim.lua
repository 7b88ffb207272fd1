-- Removes the handled head of an inbox only if it is still there, then reads the next batch.
-- A plain LTRIM by count is not idempotent: ioredis resends a command whose reply a Redis restart
-- cut off, and a second LTRIM would drop frames nobody handled (seen in the e2e Redis outage as
-- a sent message that never arrived). Checking the first and last handled frames makes a resend
-- a no-op; a frame equal to a handled one byte for byte is a resend of it, harmless to drop.
-- KEYS[1] inbox; ARGV: handled count, first and last handled frame, next batch size.
local n = tonumber(ARGV[1])
if n > 0 and redis.call('LINDEX', KEYS[1], 0) == ARGV[2] and redis.call('LINDEX', KEYS[1], n - 1) == ARGV[3] then
  redis.call('LTRIM', KEYS[1], n, -1)
end
local next = tonumber(ARGV[4])
if next > 0 then return redis.call('LRANGE', KEYS[1], 0, next - 1) end
return {}
