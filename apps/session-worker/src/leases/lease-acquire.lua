-- Takes a free lease and bumps the shard's fencing epoch in one step: every acquisition gets a
-- strictly larger epoch than any earlier owner ever had.
-- KEYS[1] lease, KEYS[2] epoch; ARGV[1] holder token, ARGV[2] ttl ms. Returns the epoch, or 0.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
