-- Admits sends into their accounts' backlogs and adds each admitted one as a BullMQ job of one
-- send queue, in order, in one call: one round trip per queue and turn instead of an admission
-- script and then a MULTI of BullMQ adds, and no job without its backlog place or the reverse.
-- KEYS[1..9]: the queue's keys as BullMQ's addStandardJob takes them; KEYS[9 + i]: send i's
-- backlog (under the queue's hash tag). ARGV: now, limit (0: no backlog), horizon (ms), then per
-- send: messageId and addStandardJob's three arguments (packed args, data, packed options).
-- Answers per send, flat: admitted 0|1, backlog size, the job id ('' when refused).

-- @bullmq-add-standard-job

local queueKeys = { KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9] }
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local horizon = tonumber(ARGV[3])
local answers = {}
for i = 1, #KEYS - 9 do
  local key = KEYS[9 + i]
  local base = 3 + 4 * (i - 1)
  local messageId = ARGV[base + 1]
  local admitted = 1
  local size = 0
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - horizon)
    size = redis.call('ZCARD', key)
    if size >= limit and not redis.call('ZSCORE', key, messageId) then
      admitted = 0
    else
      size = size + redis.call('ZADD', key, now, messageId)
      redis.call('PEXPIRE', key, horizon)
    end
  end
  local jobId = ''
  if admitted == 1 then
    jobId = addStandardJob(queueKeys, { ARGV[base + 2], ARGV[base + 3], ARGV[base + 4] })
  end
  answers[3 * i - 2] = admitted
  answers[3 * i - 1] = size
  answers[3 * i] = jobId
end
return answers
