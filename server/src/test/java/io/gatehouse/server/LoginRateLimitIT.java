package io.gatehouse.server;

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
 * Failed logins are limited per client IP and per username, across instances. A and B trust 127.0.0.1 as a proxy,
 * so tests choose the client IP with {@code X-Forwarded-For}; C trusts no proxy, so the header means nothing there.
 */
class LoginRateLimitIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private GatehouseClient a;
  private GatehouseClient b;
  private GatehouseClient c;

  @BeforeEach
  void startInstances() {
    Map<String, String> env = RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir));
    Map<String, String> behindProxy = new HashMap<>(env);
    behindProxy.put("TRUSTED_PROXIES", "127.0.0.1/32");
    a = new GatehouseClient(servers.start(behindProxy));
    b = new GatehouseClient(servers.start(behindProxy));
    c = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  private static String[] from(String ip) {
    return new String[] {"X-Forwarded-For", ip};
  }

  @Test
  void fiveFailuresFromOneIp_spreadOverTwoInstances_thenThe6thIs429OnEither() {
    for (int i = 1; i <= 5; i++) {
      GatehouseClient instance = i % 2 == 0 ? b : a;
      HttpResponse<String> failed = instance.login("guess-" + i, "wrong", from("203.0.113.7"));
      assertThat(failed.statusCode()).as("attempt %d", i).isEqualTo(401);
      assertThat(failed.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(5 - i));
    }

    for (GatehouseClient instance : new GatehouseClient[] {a, b}) {
      // Checked before the password: even the right one is refused.
      HttpResponse<String> limited = instance.login("alice", PASSWORD, from("203.0.113.7"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(json(limited).get("error").asText()).isEqualTo("too_many_requests");
      assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
          seconds -> assertThat(seconds).isBetween(890L, 900L));
      assertThat(limited.headers().firstValue("RateLimit-Limit")).contains("5");
      assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
      assertThat(limited.headers().firstValue("RateLimit-Reset")).isPresent();
    }

    assertThat(a.login("alice", PASSWORD, from("198.51.100.9")).statusCode()).isEqualTo(200);
    assertThat(b.login("bob", "wrong", from("198.51.100.9")).statusCode()).isEqualTo(401);
  }

  @Test
  void forwardedFor_fromAnUntrustedPeer_isIgnored() {
    for (int i = 1; i <= 5; i++) {
      // Each attempt claims another address; C does not believe any of them.
      assertThat(c.login("guess-" + i, "wrong", from("192.0.2." + i)).statusCode()).isEqualTo(401);
    }

    assertThat(c.login("alice", PASSWORD, from("192.0.2.99")).statusCode()).isEqualTo(429);
    assertThat(c.login("alice", PASSWORD).statusCode()).isEqualTo(429);
  }

  @Test
  void failuresForOneUsername_fromManyIps_limitThatUsername() {
    for (int i = 1; i <= 5; i++) {
      assertThat(a.login("bob", "wrong", from("192.0.2." + i)).statusCode()).isEqualTo(401);
    }

    assertThat(b.login("bob", PASSWORD, from("192.0.2.50")).statusCode()).isEqualTo(429);
    assertThat(b.login("BOB", "wrong", from("192.0.2.51")).statusCode()).isEqualTo(429);
    assertThat(b.login("alice", PASSWORD, from("192.0.2.52")).statusCode()).isEqualTo(200);
  }

  @Test
  void aSuccessfulLogin_doesNotResetTheIpCount() {
    for (int i = 1; i <= 4; i++) {
      assertThat(a.login("guess-" + i, "wrong", from("203.0.113.50")).statusCode()).isEqualTo(401);
    }
    assertThat(b.login("alice", PASSWORD, from("203.0.113.50")).statusCode()).isEqualTo(200);
    assertThat(a.login("guess-5", "wrong", from("203.0.113.50")).statusCode()).isEqualTo(401);

    assertThat(b.login("alice", PASSWORD, from("203.0.113.50")).statusCode()).isEqualTo(429);
  }

  /**
   * A success gives back its own permit only: the username's earlier failures stay counted. (Before issue 13 a
   * success reset the username's count, which gave an attacker spreading guesses over many addresses a fresh
   * allowance each time the owner logged in; the owner no longer needs the reset, since the device they logged in
   * from is not held to the username's limit.)
   */
  @Test
  void aSuccessfulLogin_givesBackOnlyItsOwnPermit_theOwnersDeviceLogsInPastTheLimit() {
    for (int i = 1; i <= 4; i++) {
      assertThat(a.login("bob", "wrong", from("192.0.2." + i)).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> success = a.login("bob", PASSWORD, from("192.0.2.10"));
    assertThat(success.statusCode()).isEqualTo(200);

    assertThat(b.login("bob", "wrong", from("192.0.2.11")).statusCode()).as("the 5th failure").isEqualTo(401);
    assertThat(b.login("bob", PASSWORD, from("192.0.2.20")).statusCode()).isEqualTo(429);
    assertThat(b.login("bob", PASSWORD, "X-Forwarded-For", "192.0.2.10", "Cookie",
        GatehouseClient.cookie(success, "gatehouse_device")).statusCode()).isEqualTo(200);
  }
}
