-- Gives back permits that sliding-window.lua took: removes the key's most recent events still inside the window,
-- never more than there are. Atomic, so a permit taken and given back by any number of instances is counted once.
-- KEYS[1]  the key's event log: a sorted set of event ids scored by time (µs, the Redis server's clock)
-- ARGV[1]  window (µs)
-- ARGV[2]  permits to give back
-- Returns  the number of events inside the window now
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count == 0 then
  return 0
end
local give = math.min(tonumber(ARGV[2]), count)
redis.call('ZREMRANGEBYRANK', KEYS[1], -give, -1)
count = count - give
if count > 0 then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((last + window - now) / 1000)))
end
return count
