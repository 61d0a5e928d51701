-- Counts permits taken elsewhere (in memory during an outage) at their own times, refusing none.
-- KEYS[1]  the key's theoretical arrival time (µs)
-- ARGV[1]  emission interval (µs per permit)
-- ARGV[2..] times at which one permit each was taken (µs since the epoch), oldest first
-- Returns  the remaining wait until the bucket is full again (µs)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
for i = 2, #ARGV do
  tat = math.max(tat, tonumber(ARGV[i])) + interval
end
if tat > now then
  redis.call('SET', KEYS[1], tat, 'PX', math.ceil((tat - now) / 1000))
  return math.ceil(tat - now)
end
return 0
