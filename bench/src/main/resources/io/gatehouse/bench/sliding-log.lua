-- The textbook sliding-log rate limiter, as tutorials write it: the baseline for Gatehouse's sliding window.
-- It trusts the client's clock and answers only yes or no (no remaining count, no retry-after).
-- KEYS[1]  the key's log: a sorted set of events scored by time (µs)
-- ARGV[1]  now (µs, the client's clock)
-- ARGV[2]  window (µs)
-- ARGV[3]  limit
-- ARGV[4]  a member unique to this event
-- Returns  1 if allowed (and recorded), else 0
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) / 1000))
  return 1
end
return 0
