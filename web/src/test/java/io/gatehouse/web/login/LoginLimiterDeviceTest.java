package io.gatehouse.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.login.LoginLimiter.Attempt;
import io.gatehouse.web.login.LoginLimiter.Limited;
import io.gatehouse.web.login.LoginLimiter.Refusal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The login limiter with device cookies: a browser that logged in as a user before is counted per device, so that
 * strangers who exhaust the per-username limit do not lock the owner out.
 */
class LoginLimiterDeviceTest {

  private static final String OWNER = "ip4:198.51.100.20";
  private static final String ATTACKER = "ip4:203.0.113.66";

  private final FakeClock clock = new FakeClock();
  private final RateLimiter perClient = limit(5);
  private final RateLimiter perUsername = limit(3);
  private final RateLimiter perDevice = limit(3);
  private final DeviceCookie deviceCookie = DeviceCookie.builder().randomKey().clock(clock).build();
  private final LoginLimiter limiter = LoginLimiter.builder()
      .perClient(perClient)
      .perUsername(perUsername)
      .perDevice(perDevice)
      .successes(limit(100))
      .deviceCookie(deviceCookie)
      .build();

  /**
   * Regression for issue 13, "anyone can lock any account out": wrong passwords for a username from anywhere
   * refused the owner's right password, from their own browser, for the whole window.
   */
  @Test
  void lockout_strangersExhaustTheUsernameLimit_theOwnersDeviceStillLogsIn() {
    String ownersDevice = loggedInOnce(OWNER, "alice");
    for (int i = 0; i < 3; i++) {
      fail(ATTACKER, "alice", Optional.empty());
    }
    assertThat(refusal(ATTACKER, "alice", Optional.empty())).containsInstanceOf(Limited.class);
    assertThat(refusal("ip4:192.0.2.1", "alice", Optional.empty())).as("another unproven client")
        .containsInstanceOf(Limited.class);

    try (Attempt owner = limiter.begin(OWNER, "alice", Optional.of(ownersDevice))) {
      assertThat(owner.refusal()).isEmpty();
      assertThat(owner.trustedDevice()).isTrue();
      assertThat(owner.succeeded()).isEmpty();
    }

    assertThat(refusal(ATTACKER, "alice", Optional.empty())).as("the attacker stays limited")
        .containsInstanceOf(Limited.class);
  }

  @Test
  void guessesSpreadOverManyAddresses_meetTheUsernameLimit_notTheOwnersDevice() {
    String ownersDevice = loggedInOnce(OWNER, "alice");
    int refused = 0;
    for (int i = 1; i <= 20; i++) {
      try (Attempt attempt = limiter.begin("ip4:203.0.113." + i, "alice", Optional.empty())) {
        if (attempt.refusal().isPresent()) {
          assertThat(((Limited) attempt.refusal().get()).limit()).isEqualTo(LoginLimiter.PER_USERNAME);
          refused++;
        } else {
          attempt.failed();
        }
      }
    }

    assertThat(refused).as("3 guesses allowed, whatever the addresses").isEqualTo(17);
    assertThat(refusal(OWNER, "alice", Optional.of(ownersDevice))).isEmpty();
  }

  @Test
  void failuresOnADevice_countPerDevice_onlyThere() {
    String ownersDevice = loggedInOnce(OWNER, "alice");
    String otherDevice = loggedInOnce("ip4:192.0.2.7", "alice");
    for (int i = 0; i < 3; i++) {
      fail(OWNER, "alice", Optional.of(ownersDevice));
    }

    Limited limited = (Limited) refusal(OWNER, "alice", Optional.of(ownersDevice)).orElseThrow();

    assertThat(limited.limit()).isEqualTo(LoginLimiter.PER_DEVICE);
    assertThat(limited.decision().limit()).isEqualTo(3);
    assertThat(refusal(OWNER, "alice", Optional.of(otherDevice))).as("the owner's other device").isEmpty();
    assertThat(perClient.peek(OWNER).remaining()).as("not counted on the address").isEqualTo(5);
    assertThat(perUsername.peek(LoginLimiter.usernameKey("alice")).remaining()).as("nor on the username")
        .isEqualTo(3);
  }

  @Test
  void deviceCookieOfAnotherUser_provesNothing() {
    String bobsDevice = loggedInOnce(ATTACKER, "bob");

    try (Attempt attempt = limiter.begin(ATTACKER, "alice", Optional.of(bobsDevice))) {
      assertThat(attempt.trustedDevice()).isFalse();
      attempt.failed();
    }

    assertThat(perUsername.peek(LoginLimiter.usernameKey("alice")).remaining()).isEqualTo(2);
  }

  @Test
  void deviceCookie_forTheUsernameInAnyCase() {
    String device = loggedInOnce(OWNER, "Alice");

    try (Attempt attempt = limiter.begin(OWNER, "ALICE", Optional.of(device))) {
      assertThat(attempt.trustedDevice()).isTrue();
    }
  }

  @Test
  void forgedOrExpiredDeviceCookie_provesNothing() {
    String device = loggedInOnce(OWNER, "alice");
    String forged = device.substring(0, device.length() - 1) + (device.endsWith("A") ? "B" : "A");
    String otherKey = value(DeviceCookie.builder().randomKey().clock(clock).build().setCookie("alice"));

    for (String value : new String[] {forged, otherKey, "garbage", ""}) {
      try (Attempt attempt = limiter.begin(OWNER, "alice", Optional.of(value))) {
        assertThat(attempt.trustedDevice()).as(value).isFalse();
      }
    }
    clock.advance(DeviceCookie.DEFAULT_LIFETIME);
    try (Attempt attempt = limiter.begin(OWNER, "alice", Optional.of(device))) {
      assertThat(attempt.trustedDevice()).as("past its lifetime").isFalse();
    }
  }

  @Test
  void successOnADevice_givesItsPermitBack() {
    String device = loggedInOnce(OWNER, "alice");
    fail(OWNER, "alice", Optional.of(device));

    try (Attempt attempt = limiter.begin(OWNER, "alice", Optional.of(device))) {
      assertThat(attempt.succeeded()).isEmpty();
    }

    assertThat(perDevice.peek(LoginLimiter.usernameKey("alice") + "." + device.substring(0, 22)).remaining())
        .isEqualTo(2);
  }

  // --- helpers

  private RateLimiter limit(int attempts) {
    return RateLimiter.inMemory(RateLimit.slidingWindow(attempts, Duration.ofMinutes(15)), clock, 1000);
  }

  /** Logs in successfully without a device cookie and returns the device cookie's value the login would set. */
  private String loggedInOnce(String client, String username) {
    try (Attempt attempt = limiter.begin(client, username, Optional.empty())) {
      assertThat(attempt.refusal()).isEmpty();
      assertThat(attempt.succeeded()).isEmpty();
    }
    return value(deviceCookie.setCookie(username));
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  private Optional<Refusal> refusal(String client, String username, Optional<String> device) {
    try (Attempt attempt = limiter.begin(client, username, device)) {
      return attempt.refusal();
    }
  }

  private void fail(String client, String username, Optional<String> device) {
    try (Attempt attempt = limiter.begin(client, username, device)) {
      assertThat(attempt.refusal()).as("refusal of %s for %s", client, username).isEmpty();
      attempt.failed();
    }
  }
}
