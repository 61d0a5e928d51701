package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.server.auth.Account;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.DeviceCookie;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The login settings read from the environment, and the accounts' one bcrypt cost, checked at start-up. */
class LoginSettingsTest {

  private static final String KEY = "q7Vb0b1S8xk2mZ3PpYl5dN4wT6hR9cJ0aE2uF8gK1sQ=";
  private static final String KEY_FORM = "a random secret of at least 32 characters (10 or more different ones), the "
      + "same on every instance (make one with: openssl rand -base64 32)";
  private static final String ONE_COST = "must all have password hashes of one bcrypt cost, or login times tell which "
      + "names exist (hash the passwords again with: java -jar gatehouse-server.jar hash-password)";

  @TempDir
  Path dir;

  @Test
  void defaults() {
    LoginSettings login = ServerConfig.fromEnvironment(Map.of()).login();

    assertThat(login.successLimit()).isEqualTo(RateLimit.slidingWindow(20, Duration.ofMinutes(15)));
    assertThat(login.maxConcurrentHashes()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    assertThat(login.sharedDeviceKey()).isFalse();
    assertThat(login.deviceCookie(SessionCookie.create()).perInstance()).isTrue();
  }

  @Test
  void values_readFromTheEnvironment() {
    LoginSettings login = ServerConfig.fromEnvironment(Map.of("LOGIN_SUCCESS_LIMIT", "3/1m",
        "BCRYPT_MAX_CONCURRENT", "4", "LOGIN_DEVICE_KEY", KEY)).login();

    assertThat(login.successLimit()).isEqualTo(RateLimit.slidingWindow(3, Duration.ofMinutes(1)));
    assertThat(login.maxConcurrentHashes()).isEqualTo(4);
    assertThat(login.sharedDeviceKey()).isTrue();
  }

  @Test
  void deviceKey_sharedByTwoInstances_eachTrustsTheOthersCookies() {
    DeviceCookie one = ServerConfig.fromEnvironment(Map.of("LOGIN_DEVICE_KEY", KEY)).login()
        .deviceCookie(SessionCookie.create());
    DeviceCookie two = ServerConfig.fromEnvironment(Map.of("LOGIN_DEVICE_KEY", KEY)).login()
        .deviceCookie(SessionCookie.create());
    String header = one.setCookie("alice");

    assertThat(two.verify(header.substring(header.indexOf('=') + 1, header.indexOf(';')), "alice")).isPresent();
    assertThat(one.perInstance()).isFalse();
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("LOGIN_SUCCESS_LIMIT", "twenty", "LOGIN_SUCCESS_LIMIT must be count/window like 20/15m, the "
            + "count 1 to 10000 and the window at least 1ms, got \"twenty\""),
        Arguments.of("LOGIN_SUCCESS_LIMIT", "0/15m", "LOGIN_SUCCESS_LIMIT must be count/window like 20/15m, the "
            + "count 1 to 10000 and the window at least 1ms, got \"0/15m\""),
        Arguments.of("LOGIN_SUCCESS_LIMIT", "20/soon", "LOGIN_SUCCESS_LIMIT must be count/window like 20/15m, the "
            + "count 1 to 10000 and the window at least 1ms, got \"20/soon\""),
        Arguments.of("BCRYPT_MAX_CONCURRENT", "0", "BCRYPT_MAX_CONCURRENT must be a whole number from 1 to 1024, "
            + "got \"0\""),
        Arguments.of("LOGIN_DEVICE_KEY", "hunter2", "LOGIN_DEVICE_KEY must be " + KEY_FORM + ", got a value of 7 "
            + "characters (not shown: it is a secret)"),
        Arguments.of("LOGIN_DEVICE_KEY", "a".repeat(44), "LOGIN_DEVICE_KEY must be " + KEY_FORM + ", got a value of "
            + "44 characters (not shown: it is a secret)"));
  }

  @ParameterizedTest
  @MethodSource("invalidValues")
  void invalidValue_stopsStartUp_withoutShowingTheKey(String name, String value, String message) {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void toString_masksTheKey() {
    String shown = ServerConfig.fromEnvironment(Map.of("LOGIN_DEVICE_KEY", KEY, "LOGIN_SUCCESS_LIMIT", "5/1h"))
        .toString();

    assertThat(shown).contains("LOGIN_DEVICE_KEY=(set, not shown)", "LOGIN_SUCCESS_LIMIT=5/1h",
        "BCRYPT_MAX_CONCURRENT=").doesNotContain(KEY);
    assertThat(LoginSettings.create().withDeviceKey(KEY).toString()).doesNotContain(KEY);
    assertThat(ServerConfig.fromEnvironment(Map.of()).toString())
        .contains("LOGIN_DEVICE_KEY=(none: a random key per instance)");
  }

  // --- the accounts' bcrypt cost (timing: a cheaper hash answers faster, telling which names exist)

  @Test
  void usersFile_mixedBcryptCosts_refusedAtStartUp() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "alice:" + hash(4) + ":user\nbob:" + hash(5)
        + "\ncarol:" + hash(4) + "\n");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("USERS_FILE", users.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the accounts of USERS_FILE " + ONE_COST + ", got cost 4 (alice, carol) and cost 5 (bob)");
  }

  @Test
  void usersFileAndAdminHash_mixedBcryptCosts_refusedNamingBoth() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "alice:" + hash(4) + ":user\n");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("USERS_FILE", users.toString(),
        "ADMIN_PASSWORD_HASH", hash(5))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the accounts of USERS_FILE and ADMIN_PASSWORD_HASH " + ONE_COST
            + ", got cost 4 (alice) and cost 5 (admin)");
  }

  @Test
  void builder_mixedBcryptCosts_refused() {
    List<Account> mixed = List.of(new Account("alice", hash(4), Set.of()), new Account("bob", hash(6), Set.of()));

    assertThatThrownBy(() -> ServerConfig.builder().accounts(mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accounts " + ONE_COST + ", got cost 4 (alice) and cost 6 (bob)");
  }

  @Test
  void oneCost_accepted() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "alice:" + hash(4) + "\nbob:" + hash(4) + "\n");

    assertThat(ServerConfig.fromEnvironment(Map.of("USERS_FILE", users.toString())).accounts()).hasSize(2);
  }

  private static String hash(int cost) {
    return BCrypt.hashpw("pw", BCrypt.gensalt(cost));
  }
}
