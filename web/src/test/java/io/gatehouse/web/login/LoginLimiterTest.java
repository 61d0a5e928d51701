package io.gatehouse.web.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.login.LoginLimiter.Attempt;
import io.gatehouse.web.login.LoginLimiter.Limited;
import io.gatehouse.web.login.LoginLimiter.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The login limiter on in-memory limiters and a fake clock; the device-cookie cases are in LoginLimiterDeviceTest. */
class LoginLimiterTest {

  private static final String CLIENT_A = "ip4:203.0.113.7";
  private static final String CLIENT_B = "ip4:198.51.100.9";

  private final FakeClock clock = new FakeClock();
  private final RecordingListener listener = new RecordingListener();
  private final RateLimiter perClient = RateLimiter.inMemory(RateLimit.slidingWindow(5, Duration.ofMinutes(15)), clock,
      1000);
  private final RateLimiter successes = RateLimiter.inMemory(RateLimit.slidingWindow(4, Duration.ofMinutes(15)), clock,
      1000);
  /** 5 failures per client, 3 per username, both per 15 minutes; 4 successful logins per username. */
  private final LoginLimiter limiter = limiter(perClient,
      RateLimiter.inMemory(RateLimit.slidingWindow(3, Duration.ofMinutes(15)), clock, 1000));

  // --- what counts

  @Test
  void successes_giveTheirPermitsBack() {
    for (int i = 0; i < 4; i++) {
      succeed(CLIENT_A, "user" + i);
    }

    assertThat(perClient.peek(CLIENT_A).remaining()).isEqualTo(5);
    assertThat(refusal(CLIENT_A, "alice")).isEmpty();
  }

  @Test
  void attemptsClosedWithoutAnOutcome_giveTheirPermitsBack() {
    for (int i = 0; i < 20; i++) {
      limiter.begin(CLIENT_A, "alice", Optional.empty()).close();
    }

    assertThat(perClient.peek(CLIENT_A).remaining()).isEqualTo(5);
  }

  /**
   * Regression: the limits were checked (peek) before the password and counted after it, so guesses in flight at
   * once all passed the check, and N instances together overshot a limit by N - 1.
   */
  @Test
  void attemptsInFlight_holdTheirPermits_soParallelGuessesCannotOvershoot() {
    List<Attempt> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Attempt attempt = limiter.begin(CLIENT_A, "user" + i, Optional.empty());
      assertThat(attempt.refusal()).isEmpty();
      inFlight.add(attempt);
    }

    assertThat(refusal(CLIENT_A, "user5")).containsInstanceOf(Limited.class);
    inFlight.forEach(Attempt::failed);
    assertThat(perClient.peek(CLIENT_A).remaining()).isZero();
  }

  @Test
  void refusedAttempt_takesNothing() {
    for (int i = 0; i < 3; i++) {
      fail("ip4:10.0.0." + i, "alice");
    }

    for (int i = 0; i < 10; i++) {
      assertThat(refusal(CLIENT_A, "alice")).containsInstanceOf(Limited.class);
    }

    assertThat(perClient.peek(CLIENT_A).remaining()).as("the client's permit was given back each time").isEqualTo(5);
  }

  @Test
  void failures_perUsername_limitedAcrossClients() {
    for (int i = 0; i < 3; i++) {
      fail("ip4:10.0.0." + i, "alice");
    }

    Refusal refusal = refusal(CLIENT_B, "alice").orElseThrow();

    assertThat(refusal).isEqualTo(new Limited(LoginLimiter.PER_USERNAME, ((Limited) refusal).decision()));
    assertThat(((Limited) refusal).decision().limit()).isEqualTo(3);
    assertThat(refusal(CLIENT_B, "bob")).isEmpty();
  }

  @Test
  void failures_perClient_limitedAcrossUsernames() {
    for (int i = 0; i < 5; i++) {
      fail(CLIENT_A, "user" + i);
    }

    Refusal refusal = refusal(CLIENT_A, "someone-else").orElseThrow();

    assertThat(((Limited) refusal).limit()).isEqualTo(LoginLimiter.PER_CLIENT);
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
    try (Attempt attempt = limiter.begin(CLIENT_A, "alice", Optional.empty())) {
      first = attempt.failed();
    }

    assertThat(first.allowed()).isTrue();
    assertThat(first.limit()).isEqualTo(3);
    assertThat(first.remaining()).isEqualTo(2);

    for (int i = 0; i < 3; i++) {
      fail(CLIENT_A, "user" + i);
    }
    try (Attempt attempt = limiter.begin(CLIENT_A, "bob", Optional.empty())) {
      RateLimitDecision last = attempt.failed();
      assertThat(last.limit()).isEqualTo(5);
      assertThat(last.remaining()).isEqualTo(0);
    }
  }

  // --- a success gives back its own permits, never earlier failures

  @Test
  void success_doesNotResetTheUsernameCount() {
    fail(CLIENT_A, "alice");
    fail(CLIENT_A, "alice");
    succeed(CLIENT_A, "alice");

    fail(CLIENT_B, "alice");

    assertThat(refusal(CLIENT_B, "alice")).as("2 failures before the success, 1 after: 3 of 3")
        .containsInstanceOf(Limited.class);
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

  // --- successful logins are limited per username

  @Test
  void successfulLogins_limitedPerUsername_beforeThePasswordIsChecked() {
    for (int i = 0; i < 4; i++) {
      succeed("ip4:10.0.0." + i, "alice");
    }

    Limited limited = (Limited) refusal(CLIENT_A, "ALICE").orElseThrow();

    assertThat(limited.limit()).isEqualTo(LoginLimiter.SUCCESSES);
    assertThat(limited.decision().limit()).isEqualTo(4);
    assertThat(perClient.peek(CLIENT_A).remaining()).as("nothing taken").isEqualTo(5);
    assertThat(refusal(CLIENT_A, "bob")).isEmpty();
  }

  @Test
  void successfulLogins_reachingTheLimitMeanwhile_refusedAfterThePassword_permitsGivenBack() {
    for (int i = 0; i < 3; i++) {
      succeed(CLIENT_B, "alice");
    }
    Attempt first = limiter.begin(CLIENT_A, "alice", Optional.empty());
    Attempt second = limiter.begin(CLIENT_A, "alice", Optional.empty());

    assertThat(first.succeeded()).isEmpty();
    Optional<Refusal> late = second.succeeded();

    assertThat(late).hasValueSatisfying(r -> assertThat(((Limited) r).limit()).isEqualTo(LoginLimiter.SUCCESSES));
    assertThat(perClient.peek(CLIENT_A).remaining()).isEqualTo(5);
    assertThat(listener.events).endsWith("attempt SUCCESS", "limitReached login_success", "attempt RATE_LIMITED");
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
    assertThat(limited.limit()).isEqualTo(LoginLimiter.PER_USERNAME);
  }

  @Test
  void bothLimitsReached_refusalCarriesTheLongerWait_clientLonger() {
    LoginLimiter limiter = limiter(RateLimit.slidingWindow(2, Duration.ofMinutes(20)),
        RateLimit.slidingWindow(2, Duration.ofMinutes(10)));
    failOn(limiter, CLIENT_A, "alice");
    failOn(limiter, CLIENT_A, "alice");

    Limited limited = limitedOn(limiter, CLIENT_A, "alice");

    assertThat(limited.decision().retryAfter()).isEqualTo(Duration.ofMinutes(20));
    assertThat(limited.limit()).isEqualTo(LoginLimiter.PER_CLIENT);
  }

  @Test
  void oneLimitLifted_refusalCarriesTheOther_andTheOpenOneIsGivenBack() {
    RateLimiter client = RateLimiter.inMemory(RateLimit.slidingWindow(2, Duration.ofMinutes(10)), clock, 1000);
    LoginLimiter limiter = limiter(client,
        RateLimiter.inMemory(RateLimit.slidingWindow(2, Duration.ofMinutes(20)), clock, 1000));
    failOn(limiter, CLIENT_A, "alice");
    failOn(limiter, CLIENT_A, "alice");
    clock.advance(Duration.ofMinutes(12));
    listener.events.clear();

    Limited limited = limitedOn(limiter, CLIENT_A, "alice");

    assertThat(limited.decision().retryAfter()).isEqualTo(Duration.ofMinutes(8));
    assertThat(listener.events).containsExactly("limitReached login_user", "attempt RATE_LIMITED");
    assertThat(client.peek(CLIENT_A).remaining()).isEqualTo(2);
  }

  // --- an attempt has one outcome

  @Test
  void attempt_secondOutcome_throws_andCountsNothingMore() {
    try (Attempt attempt = limiter.begin(CLIENT_A, "alice", Optional.empty())) {
      attempt.failed();
      listener.events.clear();

      assertThatThrownBy(attempt::failed).isInstanceOf(IllegalStateException.class)
          .hasMessage("this login attempt already has its outcome; begin a new one");
      assertThatThrownBy(attempt::succeeded).isInstanceOf(IllegalStateException.class)
          .hasMessage("this login attempt already has its outcome; begin a new one");
      assertThat(listener.events).isEmpty();
    }
    assertThat(perClient.peek(CLIENT_A).remaining()).as("closing after the outcome gives nothing back").isEqualTo(4);
  }

  @Test
  void refusedAttempt_failedAndSucceededThrow_namingTheRefusal_andCountNothing() {
    for (int i = 0; i < 3; i++) {
      fail(CLIENT_A, "alice");
    }
    Attempt limited = limiter.begin(CLIENT_A, "alice", Optional.empty());
    listener.events.clear();

    String message = "this login attempt was refused (" + limited.refusal().orElseThrow()
        + "); its password must not be checked";
    assertThatThrownBy(limited::failed).isInstanceOf(IllegalStateException.class).hasMessage(message);
    assertThatThrownBy(limited::succeeded).isInstanceOf(IllegalStateException.class).hasMessage(message);
    limited.close();
    assertThat(listener.events).isEmpty();
    assertThat(perClient.peek(CLIENT_A).remaining()).isEqualTo(2);
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
  void limitNames() {
    assertThat(LoginLimiter.PER_CLIENT).isEqualTo("login_ip");
    assertThat(LoginLimiter.PER_USERNAME).isEqualTo("login_user");
    assertThat(LoginLimiter.PER_DEVICE).isEqualTo("login_device");
    assertThat(LoginLimiter.SUCCESSES).isEqualTo("login_success");
  }

  @Test
  void builder_missingParts_named() {
    assertThatThrownBy(() -> LoginLimiter.builder().perClient(perClient).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a login limiter needs perUsername, perDevice, successes, deviceCookie");
    assertThatThrownBy(() -> LoginLimiter.builder().perClient(null)).hasMessage("perClient");
    assertThatThrownBy(() -> LoginLimiter.builder().listener(null)).hasMessage("listener");
  }

  // --- helpers

  private LoginLimiter limiter(RateLimit perClient, RateLimit perUsername) {
    return limiter(RateLimiter.inMemory(perClient, clock, 1000), RateLimiter.inMemory(perUsername, clock, 1000));
  }

  private LoginLimiter limiter(RateLimiter perClient, RateLimiter perUsername) {
    return LoginLimiter.builder()
        .perClient(perClient)
        .perUsername(perUsername)
        .perDevice(RateLimiter.inMemory(RateLimit.slidingWindow(5, Duration.ofMinutes(15)), clock, 1000))
        .successes(successes)
        .deviceCookie(DeviceCookie.builder().randomKey().clock(clock).build())
        .listener(listener)
        .build();
  }

  /** Begins and closes an attempt, returning why it was refused, if it was. */
  private Optional<Refusal> refusal(String client, String username) {
    try (Attempt attempt = limiter.begin(client, username, Optional.empty())) {
      return attempt.refusal();
    }
  }

  private void fail(String client, String username) {
    failOn(limiter, client, username);
  }

  private void succeed(String client, String username) {
    try (Attempt attempt = limiter.begin(client, username, Optional.empty())) {
      assertThat(attempt.refusal()).isEmpty();
      assertThat(attempt.succeeded()).isEmpty();
    }
  }

  private static void failOn(LoginLimiter limiter, String client, String username) {
    try (Attempt attempt = limiter.begin(client, username, Optional.empty())) {
      assertThat(attempt.refusal()).as("refusal of %s for %s", client, username).isEmpty();
      attempt.failed();
    }
  }

  private static Limited limitedOn(LoginLimiter limiter, String client, String username) {
    try (Attempt attempt = limiter.begin(client, username, Optional.empty())) {
      return (Limited) attempt.refusal().orElseThrow();
    }
  }

  /** Writes down what it hears, in order. */
  static final class RecordingListener implements LoginListener {
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
