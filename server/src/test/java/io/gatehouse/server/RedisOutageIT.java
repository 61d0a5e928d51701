package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Redis goes away and comes back: the servers keep answering, say so in their health, and reconcile. */
class RedisOutageIT {

  @RegisterExtension
  static final RedisServerExtension redis = RedisServerExtension.withAppendOnly();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void redisKilled_serversKeepServing_thenRecover_andShareWhatWasDoneMeanwhile(RedisServer server) {
    Map<String, String> env = RunningServers.env(server.uri(), RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir));
    GatehouseServer serverA = servers.start(env);
    GatehouseServer serverB = servers.start(env);
    GatehouseClient a = new GatehouseClient(serverA);
    GatehouseClient b = new GatehouseClient(serverB);
    GatehouseClient aManagement = new GatehouseClient(serverA.managementPort());
    GatehouseClient bManagement = new GatehouseClient(serverB.managementPort());
    String before = a.token("alice", PASSWORD);

    server.kill();

    String during = a.token("bob", PASSWORD);
    assertThat(a.get("/api/auth/session", bearer(during)).statusCode()).isEqualTo(200);
    assertThat(a.get("/api/auth/session", bearer(before)).statusCode()).isEqualTo(200);

    HttpResponse<String> redisHealth = aManagement.get("/api/health/redis");
    assertThat(redisHealth.statusCode()).isEqualTo(503);
    assertThat(json(redisHealth).get("status").asText()).isEqualTo("unhealthy");
    assertThat(json(redisHealth).get("mode").asText()).isEqualTo("DEGRADED");
    assertThat(b.get("/api/health/redis").statusCode()).isEqualTo(503);
    assertThat(bManagement.get("/api/health/redis").statusCode()).isEqualTo(503);
    HttpResponse<String> health = aManagement.get("/api/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("DEGRADED");
    assertThat(json(health).at("/components/sessionStore/details/mode").asText()).isEqualTo("DEGRADED");
    assertThat(json(health).at("/components/redis/status").asText()).isEqualTo("DOWN");

    server.restart();

    for (GatehouseClient instance : new GatehouseClient[] {aManagement, bManagement}) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode check = json(instance.get("/api/health/redis"));
        assertThat(check.get("status").asText()).isEqualTo("healthy");
        assertThat(check.get("mode").asText()).isEqualTo("PRIMARY");
      });
    }
    assertThat(json(a.get("/api/health")).get("status").asText()).isEqualTo("UP");
    HttpResponse<String> onB = b.get("/api/auth/session", bearer(during));
    assertThat(onB.statusCode()).isEqualTo(200);
    assertThat(json(onB).get("subject").asText()).isEqualTo("bob");
    assertThat(b.get("/api/auth/session", bearer(before)).statusCode()).isEqualTo(200);
  }

  @Test
  void redisUnreachableAtStartUp_startsDegraded_andServes() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = RunningServers.env("redis://127.0.0.1:" + closedPort, RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir));
    GatehouseServer started = servers.start(env);
    GatehouseClient client = new GatehouseClient(started);

    assertThat(started.failoverStatus().mode().name()).isEqualTo("DEGRADED");
    assertThat(json(client.get("/api/health")).get("status").asText()).isEqualTo("DEGRADED");
    assertThat(client.get("/api/health/ready").statusCode()).isEqualTo(200);
    String token = client.token("alice", PASSWORD);
    assertThat(client.get("/api/auth/session", bearer(token)).statusCode()).isEqualTo(200);
  }
}
