package io.gatehouse.redis;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.session.InvalidationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One application instance with the session near cache on, as the near-cache ITs run two or more of them on one
 * Redis deployment; records when its channel delivered each message, for the propagation figures.
 */
final class NearCacheInstance implements AutoCloseable {

  /** Command timeout and failover deadline: generous, so that a loaded test machine does not trip the failover. */
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  /**
   * Long enough that a near cache that missed a revocation would still be answering with it when the test looks.
   */
  static final Duration STALENESS = Duration.ofSeconds(30);

  final RedisStores redis;
  final Gatehouse gatehouse;
  final InvalidationChannel channel;
  /** When (System.nanoTime) each session revocation reached this instance. */
  final Map<SessionId, Long> revokedAt = new ConcurrentHashMap<>();
  final Map<String, Long> subjectRevokedAt = new ConcurrentHashMap<>();
  final AtomicInteger resets = new AtomicInteger();

  NearCacheInstance(RedisConfig.Builder config, SessionConfig sessions) {
    redis = RedisStores.create(config.commandTimeout(TIMEOUT).connectTimeout(TIMEOUT).build());
    gatehouse = Gatehouse.builder()
        .backend(redis)
        .sessions(sessions)
        .nearCache(NearCacheConfig.builder().maxStaleness(STALENESS).build())
        .failover(FailoverConfig.builder().deadline(TIMEOUT).probeInterval(Duration.ofMillis(50))
            .maxProbeInterval(Duration.ofMillis(200)).build())
        .build();
    channel = redis.invalidations().orElseThrow();
    channel.subscribe(new InvalidationListener() {
      @Override
      public void sessionRevoked(SessionId id) {
        revokedAt.putIfAbsent(id, System.nanoTime());
      }

      @Override
      public void subjectRevoked(String subject, Instant notValidBefore) {
        subjectRevokedAt.putIfAbsent(subject, System.nanoTime());
      }

      @Override
      public void reset() {
        resets.incrementAndGet();
      }
    });
  }

  SessionStore sessions() {
    return gatehouse.sessions();
  }

  @Override
  public void close() {
    gatehouse.close();
  }
}
