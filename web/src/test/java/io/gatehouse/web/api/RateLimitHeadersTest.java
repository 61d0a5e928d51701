package io.gatehouse.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void allowed_limitRemainingReset_noRetryAfter() {
    RateLimitDecision decision = new RateLimitDecision(true, 5, 3, Duration.ZERO, Duration.ofSeconds(90));

    assertThat(RateLimitHeaders.of(decision)).containsExactly(
        entry("RateLimit-Limit", "5"), entry("RateLimit-Remaining", "3"), entry("RateLimit-Reset", "90"));
  }

  @Test
  void refused_addsRetryAfter() {
    RateLimitDecision decision = new RateLimitDecision(false, 5, 0, Duration.ofSeconds(30), Duration.ofSeconds(900));

    assertThat(RateLimitHeaders.of(decision)).containsExactly(
        entry("RateLimit-Limit", "5"), entry("RateLimit-Remaining", "0"), entry("RateLimit-Reset", "900"),
        entry("Retry-After", "30"));
  }

  @Test
  void fractionsOfASecond_roundedUp() {
    RateLimitDecision decision = new RateLimitDecision(false, 5, 0, Duration.ofMillis(1200), Duration.ofMillis(500));

    assertThat(RateLimitHeaders.of(decision))
        .containsEntry("Retry-After", "2")
        .containsEntry("RateLimit-Reset", "1");
  }

  @Test
  void retryAfter_neverZero() {
    assertThat(RateLimitHeaders.of(new RateLimitDecision(false, 5, 0, Duration.ZERO, Duration.ZERO)))
        .containsEntry("Retry-After", "1");
    assertThat(RateLimitHeaders.of(new RateLimitDecision(false, 5, 0, Duration.ofNanos(1), Duration.ZERO)))
        .containsEntry("Retry-After", "1");
  }

  @Test
  void remaining_neverNegative() {
    assertThat(RateLimitHeaders.of(new RateLimitDecision(false, 5, -2, Duration.ofSeconds(1), Duration.ZERO)))
        .containsEntry("RateLimit-Remaining", "0");
  }

  @Test
  void fromARealLimiter_countingDownAndRefused() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = RateLimiter.inMemory(RateLimit.slidingWindow(2, Duration.ofMinutes(1)), clock, 100);

    assertThat(RateLimitHeaders.of(limiter.tryAcquire("k"))).containsExactly(
        entry("RateLimit-Limit", "2"), entry("RateLimit-Remaining", "1"), entry("RateLimit-Reset", "60"));
    clock.advance(Duration.ofSeconds(10));
    limiter.tryAcquire("k");
    assertThat(RateLimitHeaders.of(limiter.tryAcquire("k"))).containsExactly(
        entry("RateLimit-Limit", "2"), entry("RateLimit-Remaining", "0"), entry("RateLimit-Reset", "60"),
        entry("Retry-After", "50"));

    clock.advance(Duration.ofMillis(49_500));

    assertThat(RateLimitHeaders.of(limiter.peek("k"))).containsEntry("Retry-After", "1");
  }

  @Test
  void tooManyRequests_429WithTheHeaders() {
    RateLimitDecision decision = new RateLimitDecision(false, 5, 0, Duration.ofSeconds(30), Duration.ofSeconds(900));

    ApiError error = RateLimitHeaders.tooManyRequests(decision, "slow down");

    assertThat(error.status()).isEqualTo(429);
    assertThat(error.error()).isEqualTo("too_many_requests");
    assertThat(error).hasMessage("slow down");
    assertThat(error.headers()).isEqualTo(RateLimitHeaders.of(decision));
  }
}
