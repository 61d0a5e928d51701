-- Revokes every session of a subject, atomically for later validations.
-- KEYS[1]  the subject's index
-- KEYS[2]  the subject's "not valid before" marker (ms)
-- ARGV[1]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[2]  the marker's lifetime (ms): the absolute session lifetime, after which no older session can live
-- ARGV[3]  "not valid before" time (ms) to record, or empty for the Redis server's now
-- Returns  how many live sessions were removed
--
-- The indexed sessions are deleted; the marker also rejects sessions the index does not know, such as ones
-- written back after an outage, for as long as any of them could live.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local notBefore = now
if ARGV[3] ~= '' then
  notBefore = tonumber(ARGV[3])
end

local removed = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  removed = removed + redis.call('DEL', ARGV[1] .. string.sub(id, 23))
end
redis.call('DEL', KEYS[1])

local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('SET', KEYS[2], math.max(previous, notBefore), 'PX', tonumber(ARGV[2]))
return removed
