package io.gatehouse.servlet;

import static io.gatehouse.servlet.ContainerClient.json;
import static io.gatehouse.servlet.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.web.client.TrustedProxies;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed logins are limited per client IP and per username, across containers. A and B trust 127.0.0.1 as a proxy,
 * so tests choose the client IP with {@code X-Forwarded-For}; C trusts no proxy, so the header means nothing there.
 */
class LoginRateLimitIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private List<TestContainer> containers;
  private ContainerClient a;
  private ContainerClient b;
  private ContainerClient c;

  @BeforeEach
  void startContainers() {
    String prefix = TestGatehouses.uniquePrefix();
    TrustedProxies loopback = TrustedProxies.parse("127.0.0.1/32");
    containers = List.of(
        TestContainer.start(TestGatehouses.onRedis(redis.server().uri(), prefix).build(),
            filter -> filter.trustedProxies(loopback)),
        TestContainer.start(TestGatehouses.onRedis(redis.server().uri(), prefix).build(),
            filter -> filter.trustedProxies(loopback)),
        TestContainer.start(TestGatehouses.onRedis(redis.server().uri(), prefix).build()));
    a = new ContainerClient(containers.get(0));
    b = new ContainerClient(containers.get(1));
    c = new ContainerClient(containers.get(2));
  }

  @AfterEach
  void stop() {
    containers.forEach(TestContainer::close);
  }

  private static String[] from(String ip) {
    return new String[] {"X-Forwarded-For", ip};
  }

  @Test
  void fiveFailuresFromOneIp_spreadOverTwoContainers_thenThe6thIs429OnEither() {
    for (int i = 1; i <= 5; i++) {
      ContainerClient container = i % 2 == 0 ? b : a;
      HttpResponse<String> failed = container.login("guess-" + i, "wrong", from("203.0.113.7"));
      assertThat(failed.statusCode()).as("attempt %d", i).isEqualTo(401);
      assertThat(failed.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(5 - i));
    }

    for (ContainerClient container : new ContainerClient[] {a, b}) {
      // Checked before the password: even the right one is refused.
      HttpResponse<String> limited = container.login("alice", PASSWORD, from("203.0.113.7"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(json(limited).get("error").asText()).isEqualTo("too_many_requests");
      assertThat(json(limited).get("message").asText()).matches("too many failed logins; retry after \\d+ s");
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
  void failuresForOneUsername_fromManyIps_limitThatUsername_onEveryContainer() {
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
}
