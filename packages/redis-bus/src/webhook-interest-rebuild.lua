-- Replaces the webhook-interest registry with what MongoDB said, unless a subscription was added
-- since the caller read the generation (then its tokens might be missing: the caller tries again).
-- KEYS[1] the registry set, KEYS[2] its generation; ARGV[1] the generation read before MongoDB,
-- ARGV[2..] the tokens, the first of them the marker that the registry is built.
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 500 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 499, #ARGV)))
end
return 1
