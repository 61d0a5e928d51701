-- Moves a live session's last-seen time forward, and its TTL with it: to the earlier of its idle deadline and its
-- absolute one. Used by validation (a coalesced refresh, last seen = now) and by the write-back of sliding expiry
-- earned elsewhere during an outage. Never creates a session: one revoked or expired meanwhile stays gone, and
-- one its subject's revoke-all rejects is deleted rather than extended.
-- KEYS[1]  the session's hash
-- KEYS[2]  the subject's "not valid before" marker (ms), set by revoke-all
-- ARGV[1]  last seen (ms); empty for the Redis server's now
-- Returns  1 if a live session was found, else 0
local fields = redis.call('HMGET', KEYS[1], 'l', 'i', 'x', 'c')
if not fields[1] then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lastSeen = now
if ARGV[1] ~= '' then
  lastSeen = tonumber(ARGV[1])
end
lastSeen = math.max(tonumber(fields[1]), lastSeen)
local expiry = math.min(lastSeen + tonumber(fields[2]), tonumber(fields[3]))
if now >= expiry or tonumber(fields[4]) < tonumber(redis.call('GET', KEYS[2]) or '0') then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('HSET', KEYS[1], 'l', lastSeen)
redis.call('PEXPIRE', KEYS[1], expiry - now)
return 1
