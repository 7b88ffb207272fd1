-- Writes finished jobs into a BullMQ queue's completed set with the job-hash fields BullMQ 5.81
-- leaves on a job it ran (bullmq-job-hash.ts; its test compares them with a real completed job).
-- Never overwrites an existing job (a re-run, or a retry job already queued), and trims the set to
-- the retention the jobs carry (removeOnComplete count and age), as BullMQ's own completion does.
-- KEYS[1] completed set; ARGV: key prefix, keep count, max age ms, now, then per job: id, name,
-- data, opts, finishedOn.
local prefix = ARGV[1]
local keep = tonumber(ARGV[2])
local cutoff = tonumber(ARGV[4]) - tonumber(ARGV[3])
local added = 0
for i = 5, #ARGV, 5 do
  local id = ARGV[i]
  local key = prefix .. id
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'name', ARGV[i + 1], 'data', ARGV[i + 2], 'opts', ARGV[i + 3],
      'timestamp', ARGV[i + 4], 'delay', 0, 'priority', 0, 'processedOn', ARGV[i + 4],
      'finishedOn', ARGV[i + 4], 'atm', 1, 'ats', 1, 'returnvalue', 'null')
    redis.call('ZADD', KEYS[1], ARGV[i + 4], id)
    added = added + 1
  end
end
local function drop(ids)
  for _, id in ipairs(ids) do
    redis.call('DEL', prefix .. id, prefix .. id .. ':logs')
    redis.call('ZREM', KEYS[1], id)
  end
end
local excess = redis.call('ZCARD', KEYS[1]) - keep
if excess > 0 then drop(redis.call('ZRANGE', KEYS[1], 0, excess - 1)) end
drop(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff, 'LIMIT', 0, 1000))
return added
