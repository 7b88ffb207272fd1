-- Drops entries past the horizon, then admits the send (ARGV[1], at ARGV[2]) when the backlog
-- holds fewer than ARGV[3] or already counts it (a retried request of the same message).
-- Answers {admitted 0|1, size}.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[4]))
local size = redis.call('ZCARD', KEYS[1])
if size >= tonumber(ARGV[3]) and not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return {0, size}
end
local added = redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1, size + added}
