-- One token-bucket decision, computed as GCRA: a steady rate of one permit per `interval`, bursts of `burst`.
-- KEYS[1]  the key's theoretical arrival time (µs, the Redis server's clock)
-- ARGV[1]  emission interval (µs per permit, may be fractional)
-- ARGV[2]  burst: the bucket's size
-- ARGV[3]  permits to take; 0 to only look (answers for one permit, consumes nothing)
-- Returns  {allowed (1 or 0), remaining, retry after (µs), reset after (µs)}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = interval * tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
local consume = permits > 0
if not consume then
  permits = 1
end

local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then
  tat = now
end
local allowAt = tat + interval * permits - tolerance

if now >= allowAt then
  if consume then
    tat = tat + interval * permits
    redis.call('SET', KEYS[1], tat, 'PX', math.ceil((tat - now) / 1000))
  end
  return {1, math.floor((now + tolerance - tat) / interval + 1e-9), 0, math.ceil(tat - now)}
end
return {0, math.max(0, math.floor((now + tolerance - tat) / interval + 1e-9)), math.ceil(allowAt - now),
  math.ceil(tat - now)}
