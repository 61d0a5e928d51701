-- Creates a session, revoking the subject's oldest ones first if a cap is set, so that the subject's index never
-- holds more than the cap.
-- KEYS[1]  the session's hash            {tag}:s:<id>
-- KEYS[2]  the subject's index, a sorted set of session ids scored by creation time (µs, made strictly increasing
--          so that sessions created in the same microsecond keep their order)
-- KEYS[3]  the subject's "not valid before" marker (ms), set by revoke-all
-- ARGV[1]  subject
-- ARGV[2]  idle timeout (ms)
-- ARGV[3]  absolute lifetime (ms)
-- ARGV[4]  most live sessions per subject, 0 for no cap
-- ARGV[5]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[6]  the session id
-- ARGV[7]  the slice: how many index entries the cap may look at beyond those it must remove
-- ARGV[8..] attribute name, value, name, value...
-- Returns  {created (ms), sessions revoked to make room}
--
-- The cap looks at the oldest entries only, at most twice the slice, so its work does not grow with the index:
--   * entries that must go for the new session to fit: excess = size - cap + 1 (none below the cap);
--   * it reads the oldest min(excess, slice) + slice of them, drops the dead ones (expired, or older than the
--     marker) and revokes the oldest live ones while the live ones read plus those not read (counted as live)
--     reach the cap.
-- With the index at the cap (the steady state) that reads min(size, slice + 1) entries: the whole index for any
-- cap up to the slice, so the oldest live sessions go and dead ones never cost a live one its place. An index far
-- beyond the cap (made without one) shrinks by up to twice the slice per creation.
-- Every key touched shares the subject's hash tag, so this runs on one Cluster slot, including the session keys
-- derived from index members (same tag, same slot).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idle = tonumber(ARGV[2])
local absolute = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local slice = tonumber(ARGV[7])

local revoked = 0
if cap > 0 then
  local size = redis.call('ZCARD', KEYS[2])
  local excess = size - cap + 1
  if excess > 0 then
    local read = math.min(size, math.min(excess, slice) + slice)
    local oldest = redis.call('ZRANGE', KEYS[2], 0, read - 1, 'WITHSCORES')
    local notBefore = tonumber(redis.call('GET', KEYS[3]) or '0') * 1000
    local live = {}
    local gone = {}
    for i = 1, #oldest, 2 do
      local key = ARGV[5] .. string.sub(oldest[i], 23)
      if tonumber(oldest[i + 1]) < notBefore then
        redis.call('DEL', key)
        gone[#gone + 1] = oldest[i]
      elseif redis.call('EXISTS', key) == 1 then
        live[#live + 1] = oldest[i]
      else
        gone[#gone + 1] = oldest[i]
      end
    end
    -- live is oldest first: revoke from the front until there is room for one more.
    local unread = size - read
    local i = 1
    while i <= #live and #live - i + 1 + unread >= cap do
      redis.call('DEL', ARGV[5] .. string.sub(live[i], 23))
      gone[#gone + 1] = live[i]
      revoked = revoked + 1
      i = i + 1
    end
    -- The evicted ones, in one message, for every instance's near cache and outage copies (RedisInvalidations).
    if i > 1 then
      redis.pcall('PUBLISH', string.sub(KEYS[2], 1, string.find(KEYS[2], '{', 1, true) - 1) .. 'invalidations',
        'r ' .. table.concat(live, ' ', 1, i - 1))
    end
    if #gone > 0 then
      redis.call('ZREM', KEYS[2], unpack(gone))
    end
  end
end

local fields = {'sub', ARGV[1], 'c', now, 'l', now, 'i', idle, 'x', now + absolute}
for j = 8, #ARGV, 2 do
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
