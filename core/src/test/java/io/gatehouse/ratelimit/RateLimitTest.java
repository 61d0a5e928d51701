package io.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void slidingWindow_limitBelowOne() {
    assertThatThrownBy(() -> RateLimit.slidingWindow(0, Duration.ofMinutes(15)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sliding window limit must be at least 1, got 0");
  }

  @Test
  void slidingWindow_limitTooLarge() {
    assertThatThrownBy(() -> RateLimit.slidingWindow(10_001, Duration.ofMinutes(15)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sliding window limit must be at most 10000 (use a token bucket for higher rates), got 10001");
  }

  @Test
  void slidingWindow_windowNotPositive() {
    assertThatThrownBy(() -> RateLimit.slidingWindow(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sliding window length must be a positive duration, got PT0S");
    assertThatThrownBy(() -> RateLimit.slidingWindow(5, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sliding window length must be a positive duration, got null");
  }

  @Test
  void tokenBucket_invalid() {
    assertThatThrownBy(() -> RateLimit.tokenBucket(0, Duration.ofSeconds(1), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("token bucket permits must be at least 1, got 0");
    assertThatThrownBy(() -> RateLimit.tokenBucket(10, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("token bucket burst must be at least 1, got 0");
    assertThatThrownBy(() -> RateLimit.tokenBucket(10, Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token bucket period must be a positive duration, got PT-1S");
    assertThatThrownBy(() -> RateLimit.tokenBucket(2_000_000, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token bucket rate must be at most one permit per microsecond, got 2000000 per PT1S");
  }

  @Test
  void tokenBucket_interval() {
    assertThat(RateLimit.tokenBucket(100, Duration.ofSeconds(1), 10).intervalMicros()).isEqualTo(10_000.0);
    assertThat(RateLimit.tokenBucket(100, Duration.ofSeconds(1), 10).capacity()).isEqualTo(10);
  }

  @Test
  void decision_roundsHeaderSecondsUp() {
    RateLimitDecision decision = new RateLimitDecision(false, 5, 0, Duration.ofMillis(1_001), Duration.ofSeconds(3));
    assertThat(decision.retryAfterSeconds()).isEqualTo(2);
    assertThat(decision.resetAfterSeconds()).isEqualTo(3);
  }

  @Test
  void decision_shadowRefusedButNotAllowed() {
    assertThatThrownBy(() -> new RateLimitDecision(false, 5, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shadow refusal lets the request through, so it must be allowed");
    assertThat(new RateLimitDecision(true, 5, 4, Duration.ZERO, Duration.ZERO).shadowRefused()).isFalse();
  }
}
