package io.gatehouse.redis;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import java.time.Duration;

/** What one application server holds in the failover tests: its own connection, failover and stores. */
final class AppInstance implements AutoCloseable {

  static final Duration DEADLINE = Duration.ofMillis(250);
  static final SessionConfig SESSIONS = SessionConfig.builder().idleTimeout(Duration.ofMinutes(30)).build();
  static final RateLimit LOGIN = RateLimit.slidingWindow(5, Duration.ofMinutes(15));

  final RedisStores redis;
  final Failover failover;
  final SessionStore sessions;

  AppInstance(String url) {
    this(url, 0);
  }

  /** An instance whose revocations wait for {@code revocationReplicas} replicas. */
  AppInstance(String url, int revocationReplicas) {
    this(RedisConfig.builder().url(url).revocationReplicas(revocationReplicas, Duration.ofMillis(100)));
  }

  /** An instance on a Redis Cluster. */
  static AppInstance cluster(String nodes) {
    return new AppInstance(RedisConfig.builder().clusterNodes(nodes));
  }

  private AppInstance(RedisConfig.Builder config) {
    redis = RedisStores.create(config.commandTimeout(DEADLINE).connectTimeout(DEADLINE).build());
    // The default probe settings, as a server runs them: the recovery ITs measure those.
    failover = Failover.create(redis::ping, FailoverConfig.builder().deadline(DEADLINE).build());
    sessions = failover.sessionStore(redis.sessionStore(SESSIONS), SESSIONS);
  }

  RateLimiter rateLimiter(String name, RateLimit limit, RateLimitFallback whileDegraded) {
    return failover.rateLimiter(redis.rateLimiter(name, limit), whileDegraded);
  }

  @Override
  public void close() {
    failover.close();
    redis.close();
  }
}
