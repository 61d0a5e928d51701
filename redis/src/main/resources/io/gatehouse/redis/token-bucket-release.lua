-- Gives back permits that token-bucket.lua took: moves the theoretical arrival time back one emission interval per
-- permit, never below now (a full bucket, when the key is deleted).
-- KEYS[1]  the key's theoretical arrival time (µs, the Redis server's clock)
-- ARGV[1]  emission interval (µs per permit, may be fractional)
-- ARGV[2]  permits to give back
-- Returns  the remaining wait until the bucket is full again (µs)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local current = redis.call('GET', KEYS[1])
if not current then
  return 0
end
local tat = tonumber(current) - tonumber(ARGV[1]) * tonumber(ARGV[2])
if tat > now then
  redis.call('SET', KEYS[1], tat, 'PX', math.ceil((tat - now) / 1000))
  return math.ceil(tat - now)
end
redis.call('DEL', KEYS[1])
return 0
