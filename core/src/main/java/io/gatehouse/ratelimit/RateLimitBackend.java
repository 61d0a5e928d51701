package io.gatehouse.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A rate limiter as a back end implements it: the {@link RateLimiter} API plus {@link #record}, through which the
 * failover decorator hands over the events it counted in memory during an outage.
 *
 * <p>This is a service-provider interface: applications use {@link RateLimiter}; back ends (memory, Redis)
 * implement this, and {@link io.gatehouse.failover.Failover} consumes it. Every implementation passes the same
 * contract suite ({@code RateLimiterContract} in the core test-jar).
 */
public interface RateLimitBackend extends RateLimiter {

  /**
   * Counts permits that were taken elsewhere, one per event, at the times they were taken, so that attempts made
   * during an outage still count for the rest of their window. Nothing is refused; events too old to matter are
   * ignored.
   */
  void record(String key, List<Instant> events);

  /**
   * The in-memory limiter, as a back end.
   *
   * @param clock the time source; tests pass a fake one
   * @param maxKeys the most keys held; beyond it the least recently used keys are forgotten
   */
  static RateLimitBackend inMemory(RateLimit limit, Clock clock, int maxKeys) {
    return new InMemoryRateLimiter(limit, clock, maxKeys);
  }
}
