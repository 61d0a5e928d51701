package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HealthAndMetricsIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private Map<String, String> env;
  private GatehouseClient client;
  private GatehouseClient management;

  @BeforeEach
  void start() {
    env = RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(), TestAccounts.usersFile(dir));
    GatehouseServer server = servers.start(env);
    client = new GatehouseClient(server);
    management = new GatehouseClient(server.managementPort());
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void publicPort_healthGivesStatusOnly_andServesNoMetrics() {
    assertThat(client.get("/api/health").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(client.get("/api/health", "Accept", "application/health+json").body())
        .isEqualTo("{\"status\":\"pass\"}");
    assertThat(client.get("/api/health/redis").body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(client.get("/api/health/db").body()).isEqualTo("{\"status\":\"disabled\"}");
    for (String path : new String[] {"/metrics", "/metrics/", "/metrics?x=1", "/metrics/x", "/METRICS"}) {
      assertThat(client.get(path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(client.get("/api/health").body()).doesNotContain(redis.server().uri(), "PRIMARY", "latency");
  }

  @Test
  void health_actuatorShape_byDefault() {
    HttpResponse<String> response = management.get("/api/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.at("/components/redis/status").asText()).isEqualTo("UP");
    assertThat(body.at("/components/redis/details/latencyMs").isNumber()).isTrue();
    assertThat(body.at("/components/db/status").asText()).isEqualTo("DISABLED");
    assertThat(body.at("/components/sessionStore/status").asText()).isEqualTo("UP");
    assertThat(body.at("/components/sessionStore/details/mode").asText()).isEqualTo("PRIMARY");
  }

  @Test
  void health_ietfShape_whenAsked() {
    HttpResponse<String> response = management.get("/api/health", "Accept", "application/health+json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/health+json");
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("pass");
    assertThat(body.at("/checks/redis:responseTime/0/status").asText()).isEqualTo("pass");
    assertThat(body.at("/checks/redis:responseTime/0/observedUnit").asText()).isEqualTo("ms");
    assertThat(body.at("/checks/sessionStore:mode/0/observedValue").asText()).isEqualTo("PRIMARY");
  }

  @Test
  void health_redisDbLiveReady() {
    HttpResponse<String> redisHealth = management.get("/api/health/redis");
    assertThat(redisHealth.statusCode()).isEqualTo(200);
    assertThat(json(redisHealth).get("status").asText()).isEqualTo("healthy");
    assertThat(json(redisHealth).get("latencyMs").isNumber()).isTrue();
    assertThat(json(redisHealth).get("mode").asText()).isEqualTo("PRIMARY");
    assertThat(json(redisHealth).get("message").asText()).isEqualTo("Redis at " + redis.server().uri()
        + " answered PING");

    HttpResponse<String> db = management.get("/api/health/db");
    assertThat(db.statusCode()).isEqualTo(200);
    assertThat(json(db).get("status").asText()).isEqualTo("disabled");

    assertThat(client.get("/api/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(client.get("/api/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void redisDisabled_healthSaysSo() {
    Map<String, String> memoryOnly = new java.util.HashMap<>(env);
    memoryOnly.put("REDIS_ENABLED", "false");
    GatehouseServer memoryServer = servers.start(memoryOnly);
    GatehouseClient memory = new GatehouseClient(memoryServer);

    HttpResponse<String> redisHealth = new GatehouseClient(memoryServer.managementPort()).get("/api/health/redis");
    assertThat(redisHealth.statusCode()).isEqualTo(200);
    assertThat(json(redisHealth).get("status").asText()).isEqualTo("disabled");
    assertThat(json(redisHealth).get("mode").asText()).isEqualTo("DISABLED");
    assertThat(json(memory.get("/api/health")).get("status").asText()).isEqualTo("UP");
    assertThat(memory.token("alice", PASSWORD)).isNotEmpty();
  }

  @Test
  void metrics_countRequestsLoginsAndRejections_andShowTheMode() {
    client.token("alice", PASSWORD);
    client.login("alice", "wrong");

    HttpResponse<String> metrics = management.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(metrics.body()).contains(
        "gatehouse_logins_total{outcome=\"success\"} 1.0",
        "gatehouse_logins_total{outcome=\"failure\"} 1.0",
        "gatehouse_failover_mode{mode=\"PRIMARY\"} 1.0",
        "gatehouse_failover_mode{mode=\"DEGRADED\"} 0.0",
        "gatehouse_failover_failovers_total 0.0",
        "gatehouse_http_requests_seconds_count{method=\"POST\",route=\"/api/auth/login\",status=\"200\"} 1");
  }

  @Test
  void metrics_labelRequestsByTheirEndpoint_andUnmatchedOnesByAKnownMethodOnly() {
    client.get("/api/auth/session");
    client.get("/api/auth/session");
    client.get("/api/auth/session", "X-HTTP-Method-Override", "DELETE");   // routed as DELETE: no such route
    client.get("/no/such/page");
    client.method("BREW", "/no/such/page");

    String metrics = management.get("/metrics").body();

    assertThat(metrics).contains(
        "gatehouse_http_requests_seconds_count{method=\"GET\",route=\"/api/auth/session\",status=\"401\"} 2",
        "gatehouse_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"405\"} 1",
        "gatehouse_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
        "gatehouse_http_requests_seconds_count{method=\"OTHER\",route=\"unmatched\",status=");
    assertThat(metrics).doesNotContain("BREW");
  }

  @Test
  void apiRateLimit_perClient_withHeaders_healthExempt() {
    Map<String, String> limited = new java.util.HashMap<>(env);
    limited.put("API_RATE_LIMIT", "3/1m");
    GatehouseServer apiServer = servers.start(limited);
    GatehouseClient api = new GatehouseClient(apiServer);

    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> allowed = api.get("/api/auth/session");
      assertThat(allowed.statusCode()).isEqualTo(401);
      assertThat(allowed.headers().firstValue("RateLimit-Limit")).contains("3");
      assertThat(allowed.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(3 - i));
    }
    HttpResponse<String> refused = api.get("/api/auth/session");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
        seconds -> assertThat(seconds).isBetween(1L, 20L));
    assertThat(json(refused).get("error").asText()).isEqualTo("too_many_requests");
    assertThat(api.get("/api/health").statusCode()).isEqualTo(200);
    assertThat(new GatehouseClient(apiServer.managementPort()).get("/metrics").body()).contains("gatehouse_rate_limit_rejections_total{limiter=\"api\"} 1.0");
  }
}
