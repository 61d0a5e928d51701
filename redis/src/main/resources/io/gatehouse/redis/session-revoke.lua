-- Revokes one session.
-- KEYS[1]  the session's hash
-- KEYS[2]  the subject's index
-- ARGV[1]  the session id
-- Returns  1 if a session was removed, else 0
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed
