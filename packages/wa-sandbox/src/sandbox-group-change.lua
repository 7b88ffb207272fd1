-- Every change to a sandbox group in one atomic step: the checks WhatsApp makes (the group
-- exists, the actor is a member, an admin where it must be, the group is not locked) and the
-- writes, so two members acting at once never both pass a check the other's change would fail.
-- KEYS: group hash, members hash, an invite key (join: the code's; invite/revoke: the new code's).
-- ARGV: op, actor JID, group JID, groups-of key prefix, invite key prefix, op arguments...
-- Returns {'ok', {members before as jid, role, ...}, result...} or {'refused', reason}.
local op, actor, groupId, groupsOf, invitePrefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local groupKey, membersKey, inviteKey = KEYS[1], KEYS[2], KEYS[3]

if op == 'join' then
  if redis.call('GET', inviteKey) ~= groupId or redis.call('EXISTS', groupKey) == 0 then
    return {'refused', 'no-invite'}
  end
  local before = redis.call('HGETALL', membersKey)
  if redis.call('HEXISTS', membersKey, actor) == 1 then return {'ok', before, 'already'} end
  redis.call('HSET', membersKey, actor, 'member')
  redis.call('SADD', groupsOf .. actor, groupId)
  return {'ok', before, 'joined'}
end

if redis.call('EXISTS', groupKey) == 0 then return {'refused', 'no-group'} end
local role = redis.call('HGET', membersKey, actor)
if not role then return {'refused', 'not-member'} end
local admin = role == 'admin' or role == 'superadmin'
local before = redis.call('HGETALL', membersKey)

if op == 'leave' then
  redis.call('HDEL', membersKey, actor)
  redis.call('SREM', groupsOf .. actor, groupId)
  return {'ok', before}
end

if op == 'update' then
  local changes = cjson.decode(ARGV[6])
  if (changes.announce ~= nil or changes.locked ~= nil) and not admin then return {'refused', 'not-admin'} end
  if redis.call('HGET', groupKey, 'locked') == '1' and not admin then return {'refused', 'locked'} end
  for field, value in pairs(changes) do redis.call('HSET', groupKey, field, value) end
  return {'ok', before}
end

if not admin then return {'refused', 'not-admin'} end

if op == 'participants' then
  local action = ARGV[6]
  local statuses = {}
  for index = 7, #ARGV do
    local target = ARGV[index]
    local present = redis.call('HGET', membersKey, target)
    -- 409: already in (add); 404: not in the group; 403: the creator, whom no one else changes.
    local status = 200
    if action == 'add' and present then status = 409
    elseif action ~= 'add' and not present then status = 404
    elseif action ~= 'add' and present == 'superadmin' and target ~= actor then status = 403 end
    if status == 200 then
      if action == 'remove' then
        redis.call('HDEL', membersKey, target)
        redis.call('SREM', groupsOf .. target, groupId)
      elseif action == 'add' then
        redis.call('HSET', membersKey, target, 'member')
        redis.call('SADD', groupsOf .. target, groupId)
      elseif present ~= 'superadmin' then
        -- A superadmin stays one: WhatsApp does not demote a group's creator.
        redis.call('HSET', membersKey, target, action == 'promote' and 'admin' or 'member')
      end
    end
    statuses[#statuses + 1] = status
  end
  return {'ok', before, statuses}
end

if op == 'invite' or op == 'revoke' then
  local existing = redis.call('HGET', groupKey, 'invite')
  if op == 'invite' and existing then return {'ok', before, existing} end
  if existing then redis.call('DEL', invitePrefix .. existing) end
  local code = ARGV[6]
  redis.call('SET', inviteKey, groupId)
  redis.call('HSET', groupKey, 'invite', code)
  return {'ok', before, code}
end

return redis.error_reply('unknown group change ' .. op)
