-- Creates a session, revoking the subject's oldest ones first if a cap is set.
-- KEYS[1]  the session's hash            {tag}:s:<id>
-- KEYS[2]  the subject's index, a sorted set of session ids scored by creation time (µs, made strictly increasing
--          so that sessions created in the same microsecond keep their order)
-- ARGV[1]  subject
-- ARGV[2]  idle timeout (ms)
-- ARGV[3]  absolute lifetime (ms)
-- ARGV[4]  most live sessions per subject, 0 for no cap
-- ARGV[5]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[6]  the session id
-- ARGV[7..] attribute name, value, name, value...
-- Returns  {created (ms), sessions revoked to make room}
--
-- Every key touched shares the subject's hash tag, so this runs on one Cluster slot, including the session keys
-- derived from index members (same tag, same slot).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idle = tonumber(ARGV[2])
local absolute = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])

local revoked = 0
if cap > 0 then
  local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
  local live = {}
  for _, id in ipairs(ids) do
    if redis.call('EXISTS', ARGV[5] .. string.sub(id, 23)) == 1 then
      live[#live + 1] = id
    else
      redis.call('ZREM', KEYS[2], id)
    end
  end
  -- live is oldest first: revoke from the front until there is room for one more.
  local i = 1
  while #live - i + 1 >= cap do
    redis.call('DEL', ARGV[5] .. string.sub(live[i], 23))
    redis.call('ZREM', KEYS[2], live[i])
    revoked = revoked + 1
    i = i + 1
  end
end

local fields = {'sub', ARGV[1], 'c', now, 'l', now, 'i', idle, 'x', now + absolute}
for j = 7, #ARGV, 2 do
  fields[#fields + 1] = 'a:' .. ARGV[j]
  fields[#fields + 1] = ARGV[j + 1]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], math.min(idle, absolute))

local score = tonumber(t[1]) * 1000000 + tonumber(t[2])
local newest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if newest[2] and tonumber(newest[2]) >= score then
  score = tonumber(newest[2]) + 1
end
redis.call('ZADD', KEYS[2], score, ARGV[6])
if redis.call('PTTL', KEYS[2]) < absolute then
  redis.call('PEXPIRE', KEYS[2], absolute)
end
return {now, revoked}
