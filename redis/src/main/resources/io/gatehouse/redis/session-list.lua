-- Lists a subject's live sessions, oldest first, without extending them; drops dead ids from the index.
-- KEYS[1]  the subject's index
-- KEYS[2]  the subject's "not valid before" marker (ms)
-- ARGV[1]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- Returns  a list of {id, subject, created, last seen, idle timeout, absolute expiry, attribute name, value...}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local notBefore = tonumber(redis.call('GET', KEYS[2]) or '0')

local sessions = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local fields = redis.call('HGETALL', ARGV[1] .. string.sub(id, 23))
  local s = {}
  for i = 1, #fields, 2 do
    s[fields[i]] = fields[i + 1]
  end
  if #fields == 0 or now >= tonumber(s['x']) or now >= tonumber(s['l']) + tonumber(s['i'])
      or tonumber(s['c']) < notBefore then
    redis.call('ZREM', KEYS[1], id)
  else
    local entry = {id, s['sub'], tonumber(s['c']), tonumber(s['l']), tonumber(s['i']), tonumber(s['x'])}
    for i = 1, #fields, 2 do
      if string.sub(fields[i], 1, 2) == 'a:' then
        entry[#entry + 1] = string.sub(fields[i], 3)
        entry[#entry + 1] = fields[i + 1]
      end
    end
    sessions[#sessions + 1] = entry
  end
end
return sessions
