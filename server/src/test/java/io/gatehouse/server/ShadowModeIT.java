package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SHADOW_RATE_LIMITS}: a shadow login limit lets every attempt through, and reports exactly the attempts an
 * enforcing one refuses, in a header, in the metrics and in the console.
 */
class ShadowModeIT {

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void shadowLoginLimit_letsEveryAttemptThrough_andReportsWhatTheEnforcingOneRefuses() {
    Path users = TestAccounts.usersFile(dir);
    GatehouseServer shadowServer = servers.start(RunningServers.memoryOnly(users, Map.of("RATE_LIMIT_ATTEMPTS", "2",
        "SHADOW_RATE_LIMITS", "login-ip")));
    GatehouseClient shadow = new GatehouseClient(shadowServer);
    GatehouseClient enforcing = new GatehouseClient(servers.start(RunningServers.memoryOnly(users,
        Map.of("RATE_LIMIT_ATTEMPTS", "2"))));

    List<Integer> enforced = new ArrayList<>();
    List<Optional<String>> reported = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      enforced.add(enforcing.login("user" + i, "wrong").statusCode());
      HttpResponse<String> shadowed = shadow.login("user" + i, "wrong");
      assertThat(shadowed.statusCode()).as("attempt %d", i).isEqualTo(401);
      reported.add(shadowed.headers().firstValue("Gatehouse-Shadow-Refused"));
    }

    assertThat(enforced).containsExactly(401, 401, 429, 429, 429);
    assertThat(reported).containsExactly(Optional.empty(), Optional.empty(), Optional.of("login_ip"),
        Optional.of("login_ip"), Optional.of("login_ip"));
    assertThat(shadow.login("alice", PASSWORD).headers().firstValue("Gatehouse-Shadow-Refused"))
        .as("a good password gets in, reported too").contains("login_ip");
    String metrics = new GatehouseClient(shadowServer.managementPort()).get("/metrics").body();
    assertThat(metrics).contains("gatehouse_rate_limit_shadow_refusals_total{limiter=\"login_ip\"} 4.0");
    String root = shadow.token("root", PASSWORD);
    JsonNode overview = json(shadow.get("/api/admin/overview", bearer(root)));
    assertThat(overview.at("/limiters/0/name").asText()).isEqualTo("login-ip");
    assertThat(overview.at("/limiters/0/shadow").asBoolean()).isTrue();
    assertThat(overview.at("/limiters/1/shadow").asBoolean()).isFalse();
    JsonNode top = json(shadow.get("/api/admin/limits/top", bearer(root))).at("/keys/0");
    assertThat(top.get("label").asText()).isEqualTo("127.0.0.1");
    assertThat(top.get("shadow").asBoolean()).isTrue();
    assertThat(top.get("refusals").asLong()).isEqualTo(5);
  }
}
