-- Adds tokens to the webhook-interest registry, and bumps its generation so that a rebuild that
-- read MongoDB before this write cannot replace the set without them (its compare fails).
-- An absent registry stays absent: absent means "unknown", which queues every event anyway.
-- KEYS[1] the registry set, KEYS[2] its generation; ARGV the tokens.
redis.call('INCR', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 1, #ARGV, 500 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 499, #ARGV)))
end
return 1
