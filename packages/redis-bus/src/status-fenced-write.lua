-- Writes an account's status unless a newer lease owner already wrote it: a worker that lost its
-- shard must not overwrite the new owner's view. Empty values clear optional fields.
-- KEYS[1] status hash; ARGV[1] the writer's lease epoch, then field, value pairs.
local current = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '-1')
if tonumber(ARGV[1]) < current then return 0 end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1])
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i]) else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1
