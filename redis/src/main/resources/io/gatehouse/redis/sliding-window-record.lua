-- Counts events taken elsewhere (in memory during an outage) at their own times, refusing none.
-- KEYS[1]  the key's event log
-- ARGV[1]  window (µs)
-- ARGV[2]  a caller-unique nonce for the event ids
-- ARGV[3..] event times (µs since the epoch)
-- Returns  the number of events inside the window now
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
local newest = 0
for i = 3, #ARGV do
  local at = tonumber(ARGV[i])
  if at + window > now then
    redis.call('ZADD', KEYS[1], at, 'r:' .. ARGV[2] .. ':' .. i)
    newest = math.max(newest, at)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count > 0 then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((last + window - now) / 1000)))
end
return count
