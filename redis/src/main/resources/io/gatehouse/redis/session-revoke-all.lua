-- Revokes every session of a subject created before a point in time, atomically for later validations.
-- KEYS[1]  the subject's index
-- KEYS[2]  the subject's "not valid before" marker (ms)
-- ARGV[1]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[2]  the marker's lifetime (ms): the absolute session lifetime, after which no older session can live
-- ARGV[3]  revoke sessions created before this time (ms); empty for "all of them, now" (the Redis server's clock)
-- Returns  how many live sessions were removed
--
-- Indexed sessions are deleted; the marker also rejects sessions the index does not know, such as ones written
-- back after an outage, for as long as any of them could live.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ids
local notBefore
if ARGV[3] == '' then
  notBefore = now
  ids = redis.call('ZRANGE', KEYS[1], 0, -1)
else
  notBefore = tonumber(ARGV[3])
  ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3] .. '000')
end

local removed = 0
for _, id in ipairs(ids) do
  removed = removed + redis.call('DEL', ARGV[1] .. string.sub(id, 23))
  redis.call('ZREM', KEYS[1], id)
end

local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('SET', KEYS[2], math.max(previous, notBefore), 'PX', tonumber(ARGV[2]))
return removed
