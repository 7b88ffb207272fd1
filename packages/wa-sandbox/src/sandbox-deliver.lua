-- One round trip: drop a message from a sender the recipient blocked, drop a resend of the same
-- id, append to the recipient's inbox, wake its socket, and count the delivery when tracing is on.
-- KEYS: seen marker, recipient inbox, stats, trace switch, rx counters, recipient's blocked set.
-- ARGV: frame, recipient channel, seen ttl seconds, rx counter field, inbox notice, sender JID.
if redis.call('SISMEMBER', KEYS[6], ARGV[6]) == 1 then return 0 end
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) == false then
  redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[5])
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('HINCRBY', KEYS[5], ARGV[4], 1) end
return 1
