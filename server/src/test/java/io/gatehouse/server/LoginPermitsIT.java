package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login permits are taken before the password is checked and given back on success: concurrent guesses on two
 * instances cannot together overshoot a limit, successes do not count as failures, and successful logins have a
 * limit of their own. Two instances behind a trusted proxy on one Redis.
 */
class LoginPermitsIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private GatehouseClient a;
  private GatehouseClient b;

  @BeforeEach
  void startInstances() {
    Map<String, String> env = new HashMap<>(RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir)));
    env.put("TRUSTED_PROXIES", "127.0.0.1/32");
    env.put("LOGIN_SUCCESS_LIMIT", "12/15m");
    a = new GatehouseClient(servers.start(env));
    b = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  /**
   * Regression for issue 13, "check-then-count lets N instances together overshoot a login limit by N-1": 24
   * wrong passwords for one username at once, from 24 addresses, half on each instance. Exactly the limit is
   * checked; the rest are refused before their password is.
   */
  @Test
  void concurrentWrongPasswords_onTwoInstances_neverOvershootTheLimit() throws Exception {
    List<Integer> statuses = concurrently(24, i -> (i % 2 == 0 ? a : b)
        .login("bob", "guess-" + i, "X-Forwarded-For", "203.0.113." + (i + 1)).statusCode());

    assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(19);
  }

  /**
   * A login holds its permits while its password is checked, so at most the limit's worth of logins from one address
   * can be checked at once (more get 429 meanwhile); here the limit's worth, at once, then more one after another.
   */
  @Test
  void successes_giveTheirPermitsBack_onEitherInstance() throws Exception {
    List<Integer> statuses = concurrently(5, i -> (i % 2 == 0 ? a : b)
        .login("alice", PASSWORD, "X-Forwarded-For", "198.51.100.7").statusCode());
    assertThat(statuses).as("five logins from one address, at once").containsOnly(200);
    for (int i = 0; i < 5; i++) {
      assertThat((i % 2 == 0 ? b : a).login("root", PASSWORD, "X-Forwarded-For", "198.51.100.7").statusCode())
          .isEqualTo(200);
    }

    for (int i = 1; i <= 5; i++) {
      assertThat((i % 2 == 0 ? b : a).login("guess-" + i, "wrong", "X-Forwarded-For", "198.51.100.7").statusCode())
          .as("failure %d: the successes left all five permits", i).isEqualTo(401);
    }
    assertThat(a.login("alice", PASSWORD, "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(429);
  }

  @Test
  void successfulLogins_limitedPerUsername_acrossInstances() {
    for (int i = 1; i <= 12; i++) {
      assertThat((i % 2 == 0 ? b : a).login("alice", PASSWORD, "X-Forwarded-For", "198.51.100." + i).statusCode())
          .as("login %d", i).isEqualTo(200);
    }

    HttpResponse<String> limited = b.login("ALICE", PASSWORD, "X-Forwarded-For", "198.51.100.99");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(json(limited).get("message").asText()).matches("too many logins for this user; retry after \\d+ s");
    assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(890L, 900L));
    assertThat(limited.headers().firstValue("RateLimit-Limit")).contains("12");
    assertThat(a.login("bob", PASSWORD, "X-Forwarded-For", "198.51.100.99").statusCode()).isEqualTo(200);
  }

  /** Runs {@code call(0..n-1)} on n threads released together; returns the answers in order. */
  private static List<Integer> concurrently(int n, IndexedCall call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<Integer> task = () -> {
          start.await();
          return call.apply(index);
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedCall {
    int apply(int index) throws Exception;
  }
}
