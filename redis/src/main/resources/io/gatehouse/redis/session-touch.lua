-- Moves a live session's last-seen time forward (sliding expiry earned elsewhere, during an outage).
-- Never creates a session: one revoked or expired meanwhile stays gone.
-- KEYS[1]  the session's hash
-- ARGV[1]  last seen (ms)
-- Returns  1 if a live session was found, else 0
local fields = redis.call('HMGET', KEYS[1], 'l', 'i', 'x')
if not fields[1] then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lastSeen = math.max(tonumber(fields[1]), tonumber(ARGV[1]))
local expiry = math.min(lastSeen + tonumber(fields[2]), tonumber(fields[3]))
if now >= expiry then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('HSET', KEYS[1], 'l', lastSeen)
redis.call('PEXPIRE', KEYS[1], expiry - now)
return 1
