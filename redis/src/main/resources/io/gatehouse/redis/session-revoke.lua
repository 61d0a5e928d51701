-- Revokes one session.
-- KEYS[1]  the session's hash
-- KEYS[2]  the subject's index
-- ARGV[1]  the session id
-- Returns  1 if a session was removed, else 0
-- Publishes 'r <id>' on '<prefix>invalidations' (the key prefix ends at the hash tag) when a session was removed,
-- for every instance's near cache and outage copies (RedisInvalidations). pcall: a Redis user without the right to
-- publish there still revokes; its instances then cannot subscribe either, and use no near cache.
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 then
  redis.pcall('PUBLISH', string.sub(KEYS[1], 1, string.find(KEYS[1], '{', 1, true) - 1) .. 'invalidations',
    'r ' .. ARGV[1])
end
return removed
