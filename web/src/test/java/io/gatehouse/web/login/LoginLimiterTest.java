package io.gatehouse.web.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.login.LoginLimiter.Attempt;
import io.gatehouse.web.login.LoginLimiter.Busy;
import io.gatehouse.web.login.LoginLimiter.Limited;
import io.gatehouse.web.login.LoginLimiter.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

  private static final String CLIENT_A = "ip4:203.0.113.7";
  private static final String CLIENT_B = "ip4:198.51.100.9";

  private final FakeClock clock = new FakeClock();
  private final RecordingListener listener = new RecordingListener();
  /** 5 failures per client, 3 per username, both per 15 minutes. */
  private final LoginLimiter limiter = limiter(RateLimit.slidingWindow(5, Duration.ofMinutes(15)),
      RateLimit.slidingWindow(3, Duration.ofMinutes(15)));

  // --- what counts

  @Test
  void successes_neverCount() {
    for (int i = 0; i < 20; i++) {
      succeed(CLIENT_A, "alice");
    }

    assertThat(refusal(CLIENT_A, "alice")).isEmpty();
  }

  @Test
  void attemptsClosedWithoutAnOutcome_neverCount() {
    for (int i = 0; i < 20; i++) {
      limiter.begin(CLIENT_A, "alice").close();
    }

    assertThat(refusal(CLIENT_A, "alice")).isEmpty();
  }

  @Test
  void failures_perUsername_limitedAcrossClients() {
    for (int i = 0; i < 3; i++) {
      fail("ip4:10.0.0." + i, "alice");
    }

    Refusal refusal = refusal(CLIENT_B, "alice").orElseThrow();

    assertThat(refusal).isInstanceOf(Limited.class);
    assertThat(((Limited) refusal).decision().limit()).isEqualTo(3);
    assertThat(refusal(CLIENT_B, "bob")).isEmpty();
  }

  @Test
  void failures_perClient_limitedAcrossUsernames() {
    for (int i = 0; i < 5; i++) {
      fail(CLIENT_A, "user" + i);
    }

    Refusal refusal = refusal(CLIENT_A, "someone-else").orElseThrow();

    assertThat(((Limited) refusal).decision().limit()).isEqualTo(5);
    assertThat(refusal(CLIENT_B, "someone-else")).isEmpty();
  }

  @Test
  void failures_leaveTheWindow_andTheLimitLifts() {
    for (int i = 0; i < 3; i++) {
      fail(CLIENT_A, "alice");
    }
    clock.advance(Duration.ofMinutes(15).minusNanos(1000));
    assertThat(refusal(CLIENT_A, "alice")).containsInstanceOf(Limited.class);

    clock.advance(Duration.ofNanos(1000));

    assertThat(refusal(CLIENT_A, "alice")).isEmpty();
  }

  @Test
  void failed_returnsTheDecisionWithFewerAttemptsLeft() {
    RateLimitDecision first;
    try (Attempt attempt = limiter.begin(CLIENT_A, "alice")) {
      first = attempt.failed();
    }

    assertThat(first.allowed()).isTrue();
    assertThat(first.limit()).isEqualTo(3);
    assertThat(first.remaining()).isEqualTo(2);

    for (int i = 0; i < 3; i++) {
      fail(CLIENT_A, "user" + i);
    }
    try (Attempt attempt = limiter.begin(CLIENT_A, "bob")) {
      RateLimitDecision last = attempt.failed();
      assertThat(last.limit()).isEqualTo(5);
      assertThat(last.remaining()).isEqualTo(0);
    }
  }

  // --- success resets the username, not the client

  @Test
  void success_resetsTheUsernameCount() {
    fail(CLIENT_A, "alice");
    fail(CLIENT_A, "alice");
    succeed(CLIENT_A, "alice");

    fail(CLIENT_B, "alice");
    fail(CLIENT_B, "alice");
    assertThat(refusal(CLIENT_B, "alice")).isEmpty();
    fail(CLIENT_B, "alice");

    assertThat(refusal(CLIENT_B, "alice")).containsInstanceOf(Limited.class);
  }

  @Test
  void success_keepsTheClientCount() {
    for (int i = 0; i < 4; i++) {
      fail(CLIENT_A, "guess" + i);
    }
    succeed(CLIENT_A, "attackers-own-account");
    fail(CLIENT_A, "guess4");

    Refusal refusal = refusal(CLIENT_A, "attackers-own-account").orElseThrow();

    assertThat(((Limited) refusal).decision().limit()).isEqualTo(5);
  }

  // --- refusal carries the longer wait

  @Test
  void bothLimitsReached_refusalCarriesTheLongerWait_userLonger() {
    LoginLimiter limiter = limiter(RateLimit.slidingWindow(2, Duration.ofMinutes(10)),
        RateLimit.slidingWindow(2, Duration.ofMinutes(20)));
    failOn(limiter, CLIENT_A, "alice");
    failOn(limiter, CLIENT_A, "alice");

    Limited limited = limitedOn(limiter, CLIENT_A, "alice");

    assertThat(limited.decision().retryAfter()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void bothLimitsReached_refusalCarriesTheLongerWait_clientLonger() {
    LoginLimiter limiter = limiter(RateLimit.slidingWindow(2, Duration.ofMinutes(20)),
        RateLimit.slidingWindow(2, Duration.ofMinutes(10)));
    failOn(limiter, CLIENT_A, "alice");
    failOn(limiter, CLIENT_A, "alice");

    Limited limited = limitedOn(limiter, CLIENT_A, "alice");

    assertThat(limited.decision().retryAfter()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void oneLimitLifted_refusalCarriesTheOther() {
    LoginLimiter limiter = limiter(RateLimit.slidingWindow(2, Duration.ofMinutes(10)),
        RateLimit.slidingWindow(2, Duration.ofMinutes(20)));
    failOn(limiter, CLIENT_A, "alice");
    failOn(limiter, CLIENT_A, "alice");
    clock.advance(Duration.ofMinutes(12));
    listener.events.clear();

    Limited limited = limitedOn(limiter, CLIENT_A, "alice");

    assertThat(limited.decision().retryAfter()).isEqualTo(Duration.ofMinutes(8));
    assertThat(listener.events).containsExactly("limitReached login_user", "attempt RATE_LIMITED");
  }

  // --- attempts in flight

  @Test
  void busy_whileAnAttemptForTheSameClientIsInFlight() {
    try (Attempt held = limiter.begin(CLIENT_A, "alice")) {
      assertThat(held.refusal()).isEmpty();

      assertThat(refusal(CLIENT_A, "bob")).containsInstanceOf(Busy.class);
    }
  }

  @Test
  void busy_whileAnAttemptForTheSameUsernameIsInFlight_inAnyCase() {
    try (Attempt held = limiter.begin(CLIENT_A, "alice")) {
      assertThat(refusal(CLIENT_B, "alice")).containsInstanceOf(Busy.class);
      assertThat(refusal(CLIENT_B, "ALICE")).containsInstanceOf(Busy.class);
      assertThat(refusal(CLIENT_B, "bob")).isEmpty();
    }
  }

  @Test
  void busyOnTheUsername_doesNotHoldTheClient() {
    try (Attempt held = limiter.begin(CLIENT_A, "alice")) {
      assertThat(refusal(CLIENT_B, "alice")).containsInstanceOf(Busy.class);

      assertThat(refusal(CLIENT_B, "carol")).isEmpty();
    }
  }

  @Test
  void close_releasesTheClientAndTheUsername() {
    limiter.begin(CLIENT_A, "alice").close();

    assertThat(refusal(CLIENT_A, "bob")).isEmpty();
    assertThat(refusal(CLIENT_B, "alice")).isEmpty();
  }

  @Test
  void closeTwice_doesNotReleaseALaterAttempt() {
    Attempt first = limiter.begin(CLIENT_A, "alice");
    first.close();
    try (Attempt second = limiter.begin(CLIENT_A, "alice")) {
      assertThat(second.refusal()).isEmpty();

      first.close();

      assertThat(refusal(CLIENT_A, "alice")).containsInstanceOf(Busy.class);
    }
  }

  @Test
  void closingARefusedAttempt_doesNotReleaseTheOneInFlight() {
    try (Attempt held = limiter.begin(CLIENT_A, "alice")) {
      limiter.begin(CLIENT_A, "alice").close();

      assertThat(refusal(CLIENT_A, "alice")).containsInstanceOf(Busy.class);
    }
  }

  @Test
  void limitedAttempt_isNotLeftInFlight() {
    for (int i = 0; i < 3; i++) {
      fail(CLIENT_A, "alice");
    }
    Attempt limited = limiter.begin(CLIENT_A, "alice");
    assertThat(limited.refusal()).containsInstanceOf(Limited.class);

    // Not closed, yet the next attempt is answered by the limit, not as busy.
    assertThat(refusal(CLIENT_A, "alice")).containsInstanceOf(Limited.class);
    assertThat(refusal(CLIENT_A, "bob")).isEmpty();
  }

  // --- an attempt has one outcome

  @Test
  void attempt_secondOutcome_throws_andCountsNothingMore() {
    try (Attempt attempt = limiter.begin(CLIENT_A, "alice")) {
      attempt.failed();
      listener.events.clear();

      assertThatThrownBy(attempt::failed).isInstanceOf(IllegalStateException.class)
          .hasMessage("this login attempt already has its outcome; begin a new one");
      assertThatThrownBy(attempt::succeeded).isInstanceOf(IllegalStateException.class)
          .hasMessage("this login attempt already has its outcome; begin a new one");
      assertThat(listener.events).isEmpty();
    }
    assertThat(limiter.begin(CLIENT_A, "alice").refusal()).isEmpty();
  }

  // --- a refused attempt has no outcome

  @Test
  void refusedAttempt_failedAndSucceededThrow_andCountNothing() {
    try (Attempt held = limiter.begin(CLIENT_A, "alice")) {
      Attempt busy = limiter.begin(CLIENT_A, "alice");
      listener.events.clear();

      assertThatThrownBy(busy::failed)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("this login attempt was refused (Busy[]); its password must not be checked");
      assertThatThrownBy(busy::succeeded)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("this login attempt was refused (Busy[]); its password must not be checked");
      assertThat(listener.events).isEmpty();
    }
    assertThat(refusal(CLIENT_A, "alice")).isEmpty();
  }

  @Test
  void limitedAttempt_failedThrows_namingTheRefusal() {
    for (int i = 0; i < 3; i++) {
      fail(CLIENT_A, "alice");
    }
    Attempt limited = limiter.begin(CLIENT_A, "alice");

    assertThatThrownBy(limited::failed)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this login attempt was refused (" + limited.refusal().orElseThrow()
            + "); its password must not be checked");
  }

  // --- usernames

  @Test
  void usernameKey_caseInsensitive_hashed() {
    String key = LoginLimiter.usernameKey("Alice");

    assertThat(LoginLimiter.usernameKey("alice")).isEqualTo(key);
    assertThat(LoginLimiter.usernameKey("ALICE")).isEqualTo(key);
    assertThat(LoginLimiter.usernameKey("alice ")).isNotEqualTo(key);
    assertThat(LoginLimiter.usernameKey("bob")).isNotEqualTo(key);
    assertThat(key).hasSize(32).matches("[A-Za-z0-9_-]+").doesNotContainIgnoringCase("alice");
  }

  @Test
  void usernameKey_anyLength_fitsARateLimitKey() {
    assertThat(LoginLimiter.usernameKey("x".repeat(100_000))).hasSize(32);
    assertThat(LoginLimiter.usernameKey("")).hasSize(32);
  }

  @Test
  void failures_countedCaseInsensitively() {
    fail(CLIENT_A, "Alice");
    fail(CLIENT_A, "ALICE");
    fail(CLIENT_A, "alice");

    assertThat(refusal(CLIENT_B, "aLiCe")).containsInstanceOf(Limited.class);
  }

  // --- the listener

  @Test
  void listener_hearsEachOutcome() {
    succeed(CLIENT_A, "alice");
    fail(CLIENT_A, "alice");

    assertThat(listener.events).containsExactly("attempt SUCCESS", "attempt FAILURE");
  }

  @Test
  void listener_hearsWhichLimitRefused() {
    for (int i = 0; i < 3; i++) {
      fail(CLIENT_B, "alice");
    }
    for (int i = 0; i < 5; i++) {
      fail(CLIENT_A, "user" + i);
    }
    listener.events.clear();

    refusal(CLIENT_A, "bob");
    refusal(CLIENT_B, "alice");
    refusal(CLIENT_A, "alice");

    assertThat(listener.events).containsExactly(
        "limitReached login_ip", "attempt RATE_LIMITED",
        "limitReached login_user", "attempt RATE_LIMITED",
        "limitReached login_ip", "attempt RATE_LIMITED");
  }

  @Test
  void listener_busyIsRateLimited_withoutALimitReached() {
    try (Attempt held = limiter.begin(CLIENT_A, "alice")) {
      refusal(CLIENT_A, "alice");
    }

    assertThat(listener.events).containsExactly("attempt RATE_LIMITED");
  }

  @Test
  void limitNames() {
    assertThat(LoginLimiter.PER_CLIENT).isEqualTo("login_ip");
    assertThat(LoginLimiter.PER_USERNAME).isEqualTo("login_user");
  }

  @Test
  void constructor_nulls_rejected() {
    RateLimiter some = RateLimiter.inMemory(RateLimit.slidingWindow(1, Duration.ofMinutes(1)), clock, 10);

    assertThatThrownBy(() -> new LoginLimiter(null, some, listener)).hasMessage("perClient");
    assertThatThrownBy(() -> new LoginLimiter(some, null, listener)).hasMessage("perUsername");
    assertThatThrownBy(() -> new LoginLimiter(some, some, null)).hasMessage("listener");
  }

  // --- helpers

  private LoginLimiter limiter(RateLimit perClient, RateLimit perUsername) {
    return new LoginLimiter(RateLimiter.inMemory(perClient, clock, 1000), RateLimiter.inMemory(perUsername, clock, 1000),
        listener);
  }

  /** Begins and closes an attempt, returning why it was refused, if it was. */
  private Optional<Refusal> refusal(String client, String username) {
    try (Attempt attempt = limiter.begin(client, username)) {
      return attempt.refusal();
    }
  }

  private void fail(String client, String username) {
    failOn(limiter, client, username);
  }

  private void succeed(String client, String username) {
    try (Attempt attempt = limiter.begin(client, username)) {
      assertThat(attempt.refusal()).isEmpty();
      attempt.succeeded();
    }
  }

  private static void failOn(LoginLimiter limiter, String client, String username) {
    try (Attempt attempt = limiter.begin(client, username)) {
      assertThat(attempt.refusal()).as("refusal of %s for %s", client, username).isEmpty();
      attempt.failed();
    }
  }

  private static Limited limitedOn(LoginLimiter limiter, String client, String username) {
    try (Attempt attempt = limiter.begin(client, username)) {
      return (Limited) attempt.refusal().orElseThrow();
    }
  }

  /** Writes down what it hears, in order. */
  private static final class RecordingListener implements LoginListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void loginAttempt(LoginOutcome outcome) {
      events.add("attempt " + outcome);
    }

    @Override
    public void limitReached(String limit) {
      events.add("limitReached " + limit);
    }
  }
}
