-- One round trip for a send to a number: the sandbox account behind it, or, when there is none,
-- the "other phone's" delivery receipt queued for the sender.
-- KEYS: the number's account, the sender's inbox. ARGV: receipt frame, sender channel, inbox notice.
local account = redis.call('GET', KEYS[1])
if account then return account end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return false
