-- Validates a session and slides its idle deadline: the whole of a validation, in one round trip.
-- KEYS[1]  the session's hash
-- KEYS[2]  the subject's index
-- KEYS[3]  the subject's "not valid before" marker (ms), set by revoke-all
-- ARGV[1]  the session id
-- Returns  nil if the session is unknown, expired or revoked; else
--          {id, subject, created, last seen (now), idle timeout, absolute expiry, attribute name, value...}
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  return false
end
local s = {}
for i = 1, #fields, 2 do
  s[fields[i]] = fields[i + 1]
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local created = tonumber(s['c'])
local idle = tonumber(s['i'])
local absolute = tonumber(s['x'])
local notBefore = tonumber(redis.call('GET', KEYS[3]) or '0')

if now >= absolute or now >= tonumber(s['l']) + idle or created < notBefore then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  return false
end

redis.call('HSET', KEYS[1], 'l', now)
redis.call('PEXPIRE', KEYS[1], math.min(idle, absolute - now))

local reply = {ARGV[1], s['sub'], created, now, idle, absolute}
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'a:' then
    reply[#reply + 1] = string.sub(fields[i], 3)
    reply[#reply + 1] = fields[i + 1]
  end
end
return reply
