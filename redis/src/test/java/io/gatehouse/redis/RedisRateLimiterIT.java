package io.gatehouse.redis;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.ratelimit.RateLimiterContract;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rate-limit contract against a real {@code redis-server}. Each test uses its own key prefix; each "instance"
 * has its own connection, as separate application servers would.
 */
class RedisRateLimiterIT extends RateLimiterContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<RedisStores> connections = new ArrayList<>();

  @Override
  protected RateLimiter newLimiter(String name, RateLimit limit) {
    return connect().rateLimiter(name, limit);
  }

  @Override
  protected RateLimiter peerOf(RateLimiter limiter, String name) {
    return connect().rateLimiter(name, limiter.limit());
  }

  @Override
  protected Instant now() {
    return Instant.ofEpochMilli(RedisTime.millis(redis.server()));
  }

  @Override
  protected void elapse(Duration duration) {
    RedisTime.elapse(redis.server(), duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMillis(50);
  }

  private RedisStores connect() {
    RedisStores stores = RedisStores.create(RedisConfig.builder().url(redis.server().uri()).keyPrefix(prefix).build());
    connections.add(stores);
    return stores;
  }

  @AfterEach
  void closeConnections() {
    connections.forEach(RedisStores::close);
  }
}
