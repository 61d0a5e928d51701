package io.gatehouse.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A login limit in shadow mode lets every attempt through and reports the ones an enforcing limit would refuse. */
class LoginLimiterShadowTest {

  private static final String CLIENT = "ip4:203.0.113.7";
  private static final RateLimit THREE = RateLimit.slidingWindow(3, Duration.ofMinutes(15));

  private final FakeClock clock = new FakeClock();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final LoginListener listener = new LoginListener() {
    @Override
    public void limitReached(String limit, String key) {
      heard.add("limited " + limit + " " + key);
    }

    @Override
    public void shadowLimitReached(String limit, String key) {
      heard.add("shadow " + limit + " " + key);
    }
  };

  private LoginLimiter limiter(RateLimiter perClient, RateLimiter perUsername, LoginListener heardBy) {
    return LoginLimiter.builder()
        .perClient(perClient)
        .perUsername(perUsername)
        .perDevice(RateLimiter.inMemory(THREE, clock, 100))
        .successes(RateLimiter.inMemory(RateLimit.slidingWindow(100, Duration.ofMinutes(15)), clock, 100))
        .deviceCookie(DeviceCookie.builder().randomKey().clock(clock).build())
        .listener(heardBy)
        .build();
  }

  @Test
  void shadowPerClient_neverRefuses_andReportsWhatTheEnforcingLimitWouldRefuse() {
    LoginLimiter shadowed = limiter(RateLimiter.shadow(RateLimiter.inMemory(THREE, clock, 100)),
        RateLimiter.inMemory(RateLimit.slidingWindow(100, Duration.ofMinutes(15)), clock, 100), listener);
    LoginLimiter enforced = limiter(RateLimiter.inMemory(THREE, clock, 100),
        RateLimiter.inMemory(RateLimit.slidingWindow(100, Duration.ofMinutes(15)), clock, 100), LoginListener.NONE);
    int refused = 0;
    for (int i = 0; i < 6; i++) {
      try (LoginLimiter.Attempt attempt = shadowed.begin(CLIENT, "user" + i, Optional.empty())) {
        assertThat(attempt.refusal()).as("attempt %d", i).isEmpty();
        assertThat(attempt.shadowRefusals()).isEqualTo(i < 3 ? List.of() : List.of(LoginLimiter.PER_CLIENT));
        attempt.failed();
      }
      try (LoginLimiter.Attempt attempt = enforced.begin(CLIENT, "user" + i, Optional.empty())) {
        if (attempt.refusal().isPresent()) {
          refused++;
        } else {
          attempt.failed();
        }
      }
    }

    assertThat(refused).isEqualTo(3);
    assertThat(heard).containsExactly("shadow login_ip " + CLIENT, "shadow login_ip " + CLIENT,
        "shadow login_ip " + CLIENT);
  }

  @Test
  void shadowLimit_successGivesBackNothingItDidNotTake() {
    RateLimiter enforcing = RateLimiter.inMemory(THREE, clock, 100);
    LoginLimiter shadowed = limiter(RateLimiter.shadow(enforcing),
        RateLimiter.inMemory(RateLimit.slidingWindow(100, Duration.ofMinutes(15)), clock, 100), LoginListener.NONE);
    for (int i = 0; i < 3; i++) {
      try (LoginLimiter.Attempt attempt = shadowed.begin(CLIENT, "user" + i, Optional.empty())) {
        attempt.failed();
      }
    }

    try (LoginLimiter.Attempt attempt = shadowed.begin(CLIENT, "owner", Optional.empty())) {
      assertThat(attempt.shadowRefusals()).containsExactly(LoginLimiter.PER_CLIENT);
      assertThat(attempt.succeeded()).isEmpty();
    }

    assertThat(enforcing.peek(CLIENT).allowed()).as("the three failures still count").isFalse();
  }

  @Test
  void enforcedLimit_isHeardWithItsKey() {
    LoginLimiter limiter = limiter(RateLimiter.inMemory(THREE, clock, 100), RateLimiter.inMemory(THREE, clock, 100),
        listener);
    for (int i = 0; i < 3; i++) {
      try (LoginLimiter.Attempt attempt = limiter.begin("ip4:10.0.0." + i, "alice", Optional.empty())) {
        attempt.failed();
      }
    }

    try (LoginLimiter.Attempt attempt = limiter.begin(CLIENT, "alice", Optional.empty())) {
      assertThat(attempt.refusal()).isPresent();
      assertThat(attempt.shadowRefusals()).isEmpty();
    }
    assertThat(heard).containsExactly("limited login_user " + LoginLimiter.usernameKey("alice"));
  }
}
