package io.gatehouse.redis;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.ratelimit.RateLimiterContract;
import io.gatehouse.redis.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/**
 * The rate-limit contract against a Redis deployment (standalone, Sentinel, Cluster, TLS): subclasses say how to
 * connect and whose clock to read. Each limiter is a separate connection, as separate application servers have.
 */
abstract class RedisRateLimiterContract extends RateLimiterContract {

  private final RedisConnections connections = new RedisConnections(this::redisConfig);

  /** How to reach the deployment. */
  protected abstract RedisConfig.Builder redisConfig();

  /** A server whose {@code TIME} is the deployment's clock. */
  protected abstract RedisServer clock();

  @Override
  protected RateLimitBackend newLimiter(String name, RateLimit limit) {
    return connections.connect().rateLimiter(name, limit);
  }

  @Override
  protected RateLimitBackend peerOf(RateLimitBackend limiter, String name) {
    return connections.connect().rateLimiter(name, limiter.limit());
  }

  @Override
  protected Instant now() {
    return Instant.ofEpochMilli(RedisTime.millis(clock()));
  }

  @Override
  protected void elapse(Duration duration) {
    RedisTime.elapse(clock(), duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMillis(50);
  }

  @AfterEach
  void closeConnections() {
    connections.close();
  }
}
