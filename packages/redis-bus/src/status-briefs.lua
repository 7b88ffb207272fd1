-- The brief of each status hash in KEYS, one reply for many: "status|lastUpdate|1 or 0" (a QR
-- waits or not), or "" for an account without a status. Read-only.
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('HMGET', key, 'status', 'lastUpdate', 'qr')
  if v[1] then
    out[i] = v[1] .. '|' .. (v[2] or '0') .. '|' .. ((v[3] and v[3] ~= '') and '1' or '0')
  else
    out[i] = ''
  end
end
return out
