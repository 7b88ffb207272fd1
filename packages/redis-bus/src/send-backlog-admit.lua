-- Admits sends into their accounts' backlogs, in order: send i is message ARGV[i] of the backlog
-- KEYS[i] (keys may repeat); then ARGV holds now, the limit and the horizon (ms). Per send: drops
-- entries past the horizon, then admits it when the backlog holds fewer than the limit or already
-- counts it (a retried request of the same message). Answers {admitted 0|1, size} per send, flat.
local n = #KEYS
local now = tonumber(ARGV[n + 1])
local limit = tonumber(ARGV[n + 2])
local horizon = tonumber(ARGV[n + 3])
local answers = {}
for i = 1, n do
  local key = KEYS[i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - horizon)
  local size = redis.call('ZCARD', key)
  if size >= limit and not redis.call('ZSCORE', key, ARGV[i]) then
    answers[2 * i - 1] = 0
    answers[2 * i] = size
  else
    local added = redis.call('ZADD', key, now, ARGV[i])
    redis.call('PEXPIRE', key, horizon)
    answers[2 * i - 1] = 1
    answers[2 * i] = size + added
  end
end
return answers
