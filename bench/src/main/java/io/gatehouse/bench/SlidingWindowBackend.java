package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.RedisStores;
import java.time.Duration;

/** The sliding-window contenders a benchmark's {@code backend} parameter names. */
public enum SlidingWindowBackend {
  /** The textbook sliding log ({@code ZREMRANGEBYSCORE}, {@code ZCARD}, {@code ZADD}, {@code PEXPIRE}), raw EVALSHA. */
  TEXTBOOK_SLIDING_LOG {
    @Override
    RateLimitContender open(BenchRedis redis) {
      return RawScript.slidingLog(redis.lettuce(), POLICY.window(), POLICY.limit());
    }
  },
  /** Gatehouse's exact sliding window (one {@code EVALSHA} per decision, on the Redis server's clock). */
  GATEHOUSE {
    @Override
    RateLimitContender open(BenchRedis redis) {
      RedisStores stores = redis.gatehouse();
      return new GatehouseLimiter(stores.rateLimiter("bench-sw", POLICY), null, stores);
    }
  },
  /** The same limiter behind the failover decorator, in PRIMARY mode. */
  GATEHOUSE_FAILOVER {
    @Override
    RateLimitContender open(BenchRedis redis) {
      RedisStores stores = redis.gatehouse();
      Failover failover = Failover.create(stores::ping,
          FailoverConfig.builder().deadline(BenchRedis.MEASUREMENT_TIMEOUT).build());
      return new GatehouseLimiter(
          failover.rateLimiter(stores.rateLimiter("bench-sw", POLICY), RateLimitFallback.FOR_LOGIN), failover, stores);
    }
  };

  /**
   * 100 per 10 seconds: on the hot key nearly every call is denied (the log holds 100 events), on 10,000 keys nearly
   * every call is allowed and recorded (each key's log holds a few dozen events at most).
   */
  static final RateLimit.SlidingWindow POLICY = RateLimit.slidingWindow(100, Duration.ofSeconds(10));

  /** Connects a new instance of this contender; close it after. */
  abstract RateLimitContender open(BenchRedis redis);
}
