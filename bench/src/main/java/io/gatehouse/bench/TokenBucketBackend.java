package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.RedisStores;
import java.time.Duration;

/** The token-bucket contenders a benchmark's {@code backend} parameter names. */
public enum TokenBucketBackend {
  /** The floor of any one-script decision: a raw Lettuce {@code EVALSHA} of {@code return 1}. */
  RAW_EVALSHA_TRIVIAL {
    @Override
    RateLimitContender open(BenchRedis redis) {
      return RawScript.trivial(redis.lettuce());
    }
  },
  /** Gatehouse's token bucket (GCRA, one {@code EVALSHA} per decision). */
  GATEHOUSE {
    @Override
    RateLimitContender open(BenchRedis redis) {
      RedisStores stores = redis.gatehouse();
      return new GatehouseLimiter(stores.rateLimiter("bench-tb", POLICY), null, stores);
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
          failover.rateLimiter(stores.rateLimiter("bench-tb", POLICY), RateLimitFallback.FOR_API), failover, stores);
    }
  },
  /** Bucket4j's Lettuce proxy manager, same policy. */
  BUCKET4J {
    @Override
    RateLimitContender open(BenchRedis redis) {
      return new Bucket4jLimiter(redis.lettuce(), POLICY);
    }
  };

  /**
   * 100 per second with bursts of 100: on the hot key nearly every call is denied (the bucket is empty), on 10,000
   * keys nearly every call is allowed (each key sees a few calls a second).
   */
  static final RateLimit.TokenBucket POLICY = RateLimit.tokenBucket(100, Duration.ofSeconds(1), 100);

  /** Connects a new instance of this contender; close it after. */
  abstract RateLimitContender open(BenchRedis redis);
}
