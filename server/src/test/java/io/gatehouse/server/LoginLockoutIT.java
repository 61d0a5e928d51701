package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.cookie;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brute-force protection that cannot be turned against the account's owner: two instances behind a trusted proxy on
 * one Redis, sharing LOGIN_DEVICE_KEY; tests choose the client address with {@code X-Forwarded-For}.
 */
class LoginLockoutIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private static final String OWNER = "198.51.100.20";
  private static final String ATTACKER = "203.0.113.66";

  private final RunningServers servers = new RunningServers();
  private Map<String, String> env;
  private GatehouseClient a;
  private GatehouseClient b;

  @BeforeEach
  void startInstances() {
    env = new HashMap<>(RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir)));
    env.put("TRUSTED_PROXIES", "127.0.0.1/32");
    a = new GatehouseClient(servers.start(env));
    b = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  /**
   * Regression for issue 13, "anyone can lock any account out": five wrong passwords for a user from one address,
   * then the right password from the owner's address was 429 for the whole window. Now the owner's browser, which
   * logged in before, logs in at once, on either instance, while the attacker stays limited.
   */
  @Test
  void lockout_fiveWrongPasswordsFromAnAttacker_theOwnersDeviceLogsInAtOnce_theAttackerStaysLimited() {
    String device = ownersDevice("alice");
    for (int i = 1; i <= 5; i++) {
      assertThat((i % 2 == 0 ? b : a).login("alice", "wrong-" + i, "X-Forwarded-For", ATTACKER).statusCode())
          .as("guess %d", i).isEqualTo(401);
    }
    assertThat(a.login("alice", PASSWORD, "X-Forwarded-For", ATTACKER).statusCode()).isEqualTo(429);
    assertThat(a.login("alice", PASSWORD, "X-Forwarded-For", "192.0.2.33").statusCode())
        .as("a client that never logged in as alice meets her username's limit").isEqualTo(429);

    HttpResponse<String> owner = b.login("alice", PASSWORD, "X-Forwarded-For", OWNER, "Cookie", device);

    assertThat(owner.statusCode()).isEqualTo(200);
    assertThat(json(owner).get("subject").asText()).isEqualTo("alice");
    assertThat(a.login("alice", "wrong-6", "X-Forwarded-For", ATTACKER).statusCode()).isEqualTo(429);
    assertThat(b.login("alice", PASSWORD, "X-Forwarded-For", ATTACKER).statusCode()).isEqualTo(429);
  }

  @Test
  void guessesSpreadOverManyAddresses_meetTheUsernameLimit_theOwnersDeviceIsNotBlocked() {
    String device = ownersDevice("bob");
    int unauthorized = 0;
    int limited = 0;
    for (int i = 1; i <= 20; i++) {
      int status = (i % 2 == 0 ? b : a).login("bob", "guess-" + i, "X-Forwarded-For", "203.0.113." + i).statusCode();
      unauthorized += status == 401 ? 1 : 0;
      limited += status == 429 ? 1 : 0;
    }

    assertThat(unauthorized).as("guesses checked, whatever the addresses").isEqualTo(5);
    assertThat(limited).isEqualTo(15);
    assertThat(a.login("bob", PASSWORD, "X-Forwarded-For", OWNER, "Cookie", device).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongPasswordsOnTheOwnersDevice_limitThatDevice_notTheUsernameForOthers() {
    String device = ownersDevice("alice");
    for (int i = 1; i <= 5; i++) {
      assertThat(a.login("alice", "typo-" + i, "X-Forwarded-For", OWNER, "Cookie", device).statusCode())
          .isEqualTo(401);
    }

    assertThat(b.login("alice", PASSWORD, "X-Forwarded-For", OWNER, "Cookie", device).statusCode()).isEqualTo(429);
    assertThat(b.login("alice", PASSWORD, "X-Forwarded-For", "192.0.2.44").statusCode())
        .as("neither the address nor the username was counted").isEqualTo(200);
  }

  @Test
  void deviceCookie_ofAnotherKey_provesNothing() {
    Map<String, String> otherKey = new HashMap<>(env);
    otherKey.put("LOGIN_DEVICE_KEY", "another-deployment-key-0123456789abcdefghij");
    GatehouseClient elsewhere = new GatehouseClient(servers.start(otherKey));
    String device = ownersDevice("alice");
    for (int i = 1; i <= 5; i++) {
      a.login("alice", "wrong-" + i, "X-Forwarded-For", "203.0.113." + i);
    }

    assertThat(elsewhere.login("alice", PASSWORD, "X-Forwarded-For", OWNER, "Cookie", device).statusCode())
        .isEqualTo(429);
    assertThat(b.login("alice", PASSWORD, "X-Forwarded-For", OWNER, "Cookie", device).statusCode()).isEqualTo(200);
  }

  @Test
  void deviceCookie_httpOnly_sameSite_hostPrefixedAndSecureWhenTheSessionCookieIs() {
    HttpResponse<String> plain = a.login("alice", PASSWORD, "X-Forwarded-For", OWNER);
    assertThat(plain.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
        .matches("gatehouse_device=[A-Za-z0-9_.-]+; Path=/; Max-Age=7776000; HttpOnly; SameSite=Lax"));

    Map<String, String> secure = new HashMap<>(env);
    secure.put("COOKIE_SECURE", "true");
    HttpResponse<String> login = new GatehouseClient(servers.start(secure)).login("alice", PASSWORD);
    assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
        .matches("__Host-gatehouse_device=[A-Za-z0-9_.-]+; Path=/; Max-Age=7776000; HttpOnly; SameSite=Lax; Secure"));
  }

  /** Logs in once from the owner's address and returns the device cookie that login set, as a Cookie header. */
  private String ownersDevice(String username) {
    HttpResponse<String> login = a.login(username, PASSWORD, "X-Forwarded-For", OWNER);
    assertThat(login.statusCode()).isEqualTo(200);
    return cookie(login, "gatehouse_device");
  }
}
