package io.gatehouse.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two instances through a Redis crash ({@code SIGKILL}) and restart: both keep serving logins from memory and say so
 * in their health (HTTP 200, {@code DEGRADED}), and after the restart what was done meanwhile is written back, so a
 * login made on one instance during the outage is good on the other, and a logout made during it holds everywhere.
 */
class RedisOutageIT {

  /** Each write fsynced, so the sessions made before the crash are still there after the restart. */
  @RegisterExtension
  static final RedisServerExtension redis = RedisServerExtension.withAppendOnly();

  private static final Duration RECOVERY = Duration.ofSeconds(20);

  static ExampleInstance first;
  static ExampleInstance second;

  @BeforeAll
  static void start() {
    first = ExampleInstance.start(redis.server().uri());
    second = ExampleInstance.start(redis.server().uri());
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void sigkill_bothInstancesKeepServingAndSaySo_thenRestart_writesBackWhatWasDoneMeanwhile(RedisServer server) {
    String alice = Logins.bearer(first, "alice", "alice-password", "203.0.113.20");
    String admin = Logins.bearer(second, "admin", "admin-password", "203.0.113.20");
    // Each instance validates both sessions once while Redis is up, as it would while users click around.
    for (ExampleInstance instance : new ExampleInstance[] {first, second}) {
      assertThat(me(instance, alice).status()).isEqualTo(200);
      assertThat(me(instance, admin).status()).isEqualTo(200);
    }

    server.kill();

    for (ExampleInstance instance : new ExampleInstance[] {first, second}) {
      assertThat(me(instance, alice).status()).as("existing session on %s", instance).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        Http.Response health = Http.get(instance.uri("/actuator/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").stringValue()).isEqualTo("DEGRADED");
        JsonNode gatehouse = health.json().get("components").get("gatehouse");
        assertThat(gatehouse.get("status").stringValue()).isEqualTo("DEGRADED");
        assertThat(gatehouse.get("details").get("mode").stringValue()).isEqualTo("DEGRADED");
        assertThat(gatehouse.get("details").has("since")).isTrue();
        assertThat(gatehouse.get("details").get("lastError").stringValue()).contains(server.uri());
      });
    }
    String duringOutage = Logins.bearer(first, "alice", "alice-password", "203.0.113.21");
    assertThat(me(first, duringOutage).status()).isEqualTo(200);
    assertThat(Http.post(second.uri("/api/logout"), "Authorization", "Bearer " + admin).status()).isEqualTo(204);

    server.restart();

    for (ExampleInstance instance : new ExampleInstance[] {first, second}) {
      await().atMost(RECOVERY).untilAsserted(() -> {
        JsonNode health = Http.get(instance.uri("/actuator/health")).json();
        assertThat(health.get("status").stringValue()).isEqualTo("UP");
        assertThat(health.get("components").get("gatehouse").get("details").get("mode").stringValue())
            .isEqualTo("PRIMARY");
      });
    }
    assertThat(me(second, duringOutage).status()).as("a login made in memory on the first, now in Redis")
        .isEqualTo(200);
    assertThat(me(first, admin).status()).as("a logout made in memory on the second, now in Redis").isEqualTo(401);
    assertThat(me(second, alice).status()).as("a session from before the crash").isEqualTo(200);
  }

  private static Http.Response me(ExampleInstance instance, String token) {
    return Http.get(instance.uri("/api/me"), "Authorization", "Bearer " + token);
  }
}
