package io.gatehouse.ratelimit;

import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The rate-limit contract on the in-memory limiter, on a fake clock. */
class InMemoryRateLimiterTest extends RateLimiterContract {

  private final FakeClock clock = new FakeClock();
  private final Map<String, RateLimitBackend> byName = new HashMap<>();

  @Override
  protected RateLimitBackend newLimiter(String name, RateLimit limit) {
    RateLimitBackend limiter = RateLimitBackend.inMemory(limit, clock, 10_000);
    byName.put(name, limiter);
    return limiter;
  }

  @Override
  protected RateLimitBackend peerOf(RateLimitBackend limiter, String name) {
    return byName.get(name);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofSeconds(1);
  }
}
