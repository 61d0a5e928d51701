package io.gatehouse.server.health;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.Probe;
import io.gatehouse.spi.StoreUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks Redis for the health endpoints. While the store is PRIMARY or RECOVERING it sends a PING, so a Redis that
 * died since the last request is seen at once; while DEGRADED it reports the failover's own view instead, so no
 * health request waits on a Redis that is known to be away (the failover's background probe is already asking).
 */
final class RedisCheck {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCheck.class);

  private final Supplier<FailoverStatus> failover;
  private final Optional<Probe> probe;
  private final String displayUrl;

  /**
   * Creates a check.
   *
   * @param probe sends PING; empty when Redis is disabled
   * @param displayUrl the Redis URL without its password
   */
  RedisCheck(Supplier<FailoverStatus> failover, Optional<Probe> probe, String displayUrl) {
    this.failover = failover;
    this.probe = probe;
    this.displayUrl = displayUrl;
  }

  RedisHealth check() {
    FailoverStatus status = failover.get();
    String mode = status.mode().name();
    if (status.mode() == FailoverMode.DISABLED || probe.isEmpty()) {
      return new RedisHealth(RedisHealth.DISABLED, "REDIS_ENABLED=false: sessions and rate limits are kept in "
          + "this instance's memory only", null, mode);
    }
    if (status.mode() == FailoverMode.DEGRADED) {
      return new RedisHealth(RedisHealth.UNHEALTHY, "Redis at " + displayUrl + " unavailable; serving from memory"
          + " since " + status.since() + (status.lastError() == null ? "" : " (" + status.lastError() + ")"),
          null, mode);
    }
    try {
      Duration latency = probe.get().ping();
      String message = "Redis at " + displayUrl + " answered PING"
          + (status.mode() == FailoverMode.RECOVERING ? "; writing back what was done in memory while it was away"
              : "");
      return new RedisHealth(RedisHealth.HEALTHY, message, latency.toNanos() / 1_000_000.0, mode);
    } catch (StoreUnavailableException e) {
      return new RedisHealth(RedisHealth.UNHEALTHY, e.getMessage(), null, mode);
    } catch (RuntimeException e) {
      LOG.warn("Redis health check failed unexpectedly", e);
      return new RedisHealth(RedisHealth.ERROR, "the check failed: " + e.getClass().getSimpleName(), null, mode);
    }
  }
}
