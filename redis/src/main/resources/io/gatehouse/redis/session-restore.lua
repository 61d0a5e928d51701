-- Writes a session created elsewhere (in memory during an outage), keeping its id, times and attributes.
-- KEYS[1]  the session's hash
-- KEYS[2]  the subject's index
-- KEYS[3]  the subject's "not valid before" marker (ms)
-- ARGV[1]  subject
-- ARGV[2]  created (ms)
-- ARGV[3]  last seen (ms)
-- ARGV[4]  idle timeout (ms)
-- ARGV[5]  absolute expiry (ms)
-- ARGV[6]  the session id
-- ARGV[7..] attribute name, value, name, value...
-- Returns  1 if the session is live here afterwards, 0 if it expired or its subject was revoked after its creation
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local created = tonumber(ARGV[2])
local lastSeen = tonumber(ARGV[3])
local idle = tonumber(ARGV[4])
local absolute = tonumber(ARGV[5])
local notBefore = tonumber(redis.call('GET', KEYS[3]) or '0')

local known = tonumber(redis.call('HGET', KEYS[1], 'l') or '0')
if known > lastSeen then
  lastSeen = known
end
local expiry = math.min(lastSeen + idle, absolute)
if now >= expiry or created < notBefore then
  return 0
end

if known > 0 then
  redis.call('HSET', KEYS[1], 'l', lastSeen)
else
  local fields = {'sub', ARGV[1], 'c', created, 'l', lastSeen, 'i', idle, 'x', absolute}
  for j = 7, #ARGV, 2 do
    fields[#fields + 1] = 'a:' .. ARGV[j]
    fields[#fields + 1] = ARGV[j + 1]
  end
  redis.call('HSET', KEYS[1], unpack(fields))
  redis.call('ZADD', KEYS[2], created * 1000, ARGV[6])
  if redis.call('PTTL', KEYS[2]) < absolute - now then
    redis.call('PEXPIRE', KEYS[2], absolute - now)
  end
end
redis.call('PEXPIRE', KEYS[1], expiry - now)
return 1
