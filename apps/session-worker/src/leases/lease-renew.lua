-- Compare-and-set: only the holder of the token may extend the lease.
-- KEYS[1] lease; ARGV[1] holder token, ARGV[2] ttl ms. Returns 1 when renewed.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
