package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The cap on password checks at once (BCRYPT_MAX_CONCURRENT): with a production-like bcrypt cost, logins beyond the
 * cap are answered 503 with Retry-After at once, and they do not count against the login limits.
 */
class PasswordCheckCapIT {

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir
  Path dir;

  private final RunningServers servers = new RunningServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void loginsBeyondTheCap_503WithRetryAfter_andNotCountedAsFailures() throws Exception {
    Path users = Files.write(dir.resolve("users.txt"),
        List.of("alice:" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(12)) + ":user"));
    GatehouseClient server = new GatehouseClient(servers.start(Map.of("PORT", "0", "REDIS_ENABLED", "false",
        "COOKIE_SECURE", "false", "USERS_FILE", users.toString(), "TRUSTED_PROXIES", "127.0.0.1/32",
        "BCRYPT_MAX_CONCURRENT", "1", "LOGIN_DEVICE_KEY", RunningServers.DEVICE_KEY)));

    List<HttpResponse<String>> answers = atOnce(6, i -> server.login("alice", PASSWORD,
        "X-Forwarded-For", "198.51.100." + (i + 1)));

    List<HttpResponse<String>> busy = answers.stream().filter(r -> r.statusCode() == 503).toList();
    assertThat(busy).as("six bcrypt checks at cost 12 at once, one at a time allowed").isNotEmpty();
    assertThat(answers).filteredOn(r -> r.statusCode() == 200).isNotEmpty();
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
    for (HttpResponse<String> refused : busy) {
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      assertThat(json(refused).get("error").asText()).isEqualTo("service_unavailable");
      assertThat(json(refused).get("message").asText())
          .isEqualTo("too many logins are being checked at once; retry in a second");
    }
    for (int i = 1; i <= 5; i++) {
      assertThat(server.login("alice", "wrong", "X-Forwarded-For", "203.0.113." + i).statusCode())
          .as("failure %d: the refused logins took no permit", i).isEqualTo(401);
    }
  }

  private static List<HttpResponse<String>> atOnce(int n, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.apply(index);
        }));
      }
      start.countDown();
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> future : futures) {
        answers.add(future.get(30, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Call {
    HttpResponse<String> apply(int index) throws IOException;
  }
}
