-- Revokes every session of a subject created before a point in time, atomically for later validations: sets the
-- subject's "not valid before" marker, which validation checks, and deletes at once only the sessions the marker
-- cannot reject. The rest, however many, are deleted by session-revoke-slice.lua, one bounded slice per call.
-- KEYS[1]  the subject's index, a sorted set of session ids scored by creation time (µs)
-- KEYS[2]  the subject's "not valid before" marker (ms)
-- ARGV[1]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[2]  the marker's lifetime (ms): the absolute session lifetime, after which no older session can live
-- ARGV[3]  revoke sessions created before this time (ms); empty for "all of them, now" (the Redis server's clock)
-- ARGV[4]  the subject, for the message
-- Returns  {live sessions deleted here,
--           the highest index score left for the slices to delete (a ZRANGEBYSCORE bound, '(' = exclusive),
--           the lowest score the slices count as revoked by this call: older entries an earlier revoke-all revoked}
-- Publishes 'a <marker, ms> <subject>' on '<prefix>invalidations' (the key prefix ends at the hash tag), for every
-- instance's near cache and outage copies (RedisInvalidations). It covers what session-revoke-slice.lua deletes later.
-- pcall: a Redis user without the right to publish there still revokes (and its instances use no near cache).
--
-- The marker rejects every session created before it, including ones the index does not know, such as ones
-- written back after an outage, for as long as any of them could live. "Now" is a millisecond: a session created
-- in the same millisecond, before this call, would pass the marker, so the entries scored at or above it (that
-- millisecond, or later on an instance whose clock is ahead) are deleted here, all of them, or they would still
-- validate: as many as one subject creates in a millisecond, plus any written back from an instance whose clock
-- is ahead (a few: the instance's own cap bounds them).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local notBefore = now
if ARGV[3] ~= '' then
  notBefore = tonumber(ARGV[3])
end
local marker = math.max(previous, notBefore)
redis.call('SET', KEYS[2], marker, 'PX', tonumber(ARGV[2]))
redis.pcall('PUBLISH', string.sub(KEYS[1], 1, string.find(KEYS[1], '{', 1, true) - 1) .. 'invalidations',
  'a ' .. string.format('%.0f', marker) .. ' ' .. ARGV[4])

local removed = 0
if ARGV[3] == '' then
  local current = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%.0f', marker * 1000), '+inf')
  for _, id in ipairs(current) do
    removed = removed + redis.call('DEL', ARGV[1] .. string.sub(id, 23))
  end
  if #current > 0 then
    redis.call('ZREM', KEYS[1], unpack(current))
  end
end
local upTo = notBefore
if ARGV[3] == '' then
  upTo = marker
end
return {removed, '(' .. string.format('%.0f', upTo * 1000), string.format('%.0f', previous * 1000)}
