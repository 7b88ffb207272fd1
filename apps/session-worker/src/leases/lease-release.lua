-- Compare-and-delete: only the holder of the token may drop the lease.
-- KEYS[1] lease; ARGV[1] holder token. Returns 1 when released.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
