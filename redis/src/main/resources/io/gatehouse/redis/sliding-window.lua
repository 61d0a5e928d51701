-- One exact sliding-window decision: at most `limit` events in any window of `window` microseconds.
-- KEYS[1]  the key's event log: a sorted set of event ids scored by time (µs, the Redis server's clock)
-- ARGV[1]  limit
-- ARGV[2]  window (µs)
-- ARGV[3]  permits to take; 0 to only look (answers for one permit, consumes nothing)
-- ARGV[4]  a caller-unique nonce, making event ids unique when several land in the same microsecond
-- Returns  {allowed (1 or 0), remaining, retry after (µs), reset after (µs)}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
local consume = permits > 0
if not consume then
  permits = 1
end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])

if count + permits <= limit then
  if consume then
    -- One ZADD per thousand permits (unpack takes a few thousand values at most). The events just added are the
    -- newest, so the window resets a window from now, with no ZRANGE to find it. (An event recorded at a later
    -- time by an instance whose clock is ahead is not looked for: the reset is then early by that skew; the
    -- decision itself stays exact.)
    local prefix = t[1] .. '.' .. t[2] .. ':' .. ARGV[4] .. ':'
    for first = 1, permits, 1000 do
      local events = {}
      for i = first, math.min(permits, first + 999) do
        events[#events + 1] = now
        events[#events + 1] = prefix .. i
      end
      redis.call('ZADD', KEYS[1], unpack(events))
    end
    redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
    return {1, limit - count - permits, 0, window}
  end
  local reset = 0
  if count > 0 then
    reset = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]) + window - now
  end
  return {1, limit - count, 0, reset}
end

-- Denied: the (count + permits - limit) oldest events must leave the window first.
local freeing = redis.call('ZRANGE', KEYS[1], count + permits - limit - 1, count + permits - limit - 1, 'WITHSCORES')
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
return {0, math.max(0, limit - count), tonumber(freeing[2]) + window - now, tonumber(newest[2]) + window - now}
