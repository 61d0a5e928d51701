package io.gatehouse.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.web.login.LoginLimiter;
import org.junit.jupiter.api.Test;

/** What the console looks up in each login limiter, by what that limiter counts. */
class LimiterKeysTest {

  private final LimiterNames names = new LimiterNames("login-ip", "login-user", "login-device", "login-success",
      "api");
  private final LimiterKeys keys = new LimiterKeys(names);

  @Test
  void loginLimits_mapToTheirLimiters() {
    assertThat(names.ofLoginLimit(LoginLimiter.PER_CLIENT)).isEqualTo("login-ip");
    assertThat(names.ofLoginLimit(LoginLimiter.PER_USERNAME)).isEqualTo("login-user");
    assertThat(names.ofLoginLimit(LoginLimiter.PER_DEVICE)).isEqualTo("login-device");
    assertThat(names.ofLoginLimit(LoginLimiter.SUCCESSES)).isEqualTo("login-success");
  }

  @Test
  void usernameLimiters_lookUpTheHashedName_clientLimiters_theAddress() {
    String alice = LoginLimiter.usernameKey("alice");

    assertThat(keys.of("login-user", "Alice")).contains(alice);
    assertThat(keys.of("login-success", "alice")).contains(alice);
    assertThat(keys.of("login-ip", "203.0.113.7")).contains("ip4:203.0.113.7");
    assertThat(keys.of("api", "alice")).as("not an address").isEmpty();
  }

  @Test
  void deviceLimiter_cannotBeLookedUp_butIsLabelledByItsUser() {
    KnownUsernames usernames = new KnownUsernames();
    usernames.refused("alice");
    String deviceKey = LoginLimiter.usernameKey("alice") + ".d3v1c3";

    assertThat(keys.of("login-device", "alice")).isEmpty();
    assertThat(keys.label("login-device", deviceKey, usernames)).isEqualTo("alice on one device");
    assertThat(keys.input("login-device", deviceKey, usernames)).isEqualTo("alice");
    assertThat(keys.label("login-device", "unknown.x", new KnownUsernames())).isEqualTo("a trusted device");
  }
}
