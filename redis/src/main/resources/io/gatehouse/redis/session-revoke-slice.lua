-- Deletes one slice of a subject's sessions that revoke-all has already revoked (its marker rejects them), oldest
-- first, with their index entries.
-- KEYS[1]  the subject's index, a sorted set of session ids scored by creation time (µs)
-- ARGV[1]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[2]  the highest score to delete, as session-revoke-all.lua returned it ('(' = exclusive)
-- ARGV[3]  the lowest score counted as revoked by this revoke-all (µs); older entries are deleted uncounted
-- ARGV[4]  most entries to delete (the slice)
-- Returns  {live sessions deleted and counted, entries deleted, counted entries still left up to ARGV[2]}
--
-- Publishes nothing: every session deleted here was created before the marker that session-revoke-all.lua set, and
-- announced, in the same revoke-all; one message per deleted session would only repeat it, up to a slice at a time.
-- Deleting is only tidying up: what is left (when the caller stops early) no longer validates, is passed over by
-- listing and by the cap, and expires with its TTL.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[4]))
local counted = tonumber(ARGV[3])
local revoked = 0
local deleted = {}
for i = 1, #ids, 2 do
  local live = redis.call('DEL', ARGV[1] .. string.sub(ids[i], 23))
  if tonumber(ids[i + 1]) >= counted then
    revoked = revoked + live
  end
  deleted[#deleted + 1] = ids[i]
end
if #deleted > 0 then
  redis.call('ZREM', KEYS[1], unpack(deleted))
end
return {revoked, #deleted, redis.call('ZCOUNT', KEYS[1], ARGV[3], ARGV[2])}
