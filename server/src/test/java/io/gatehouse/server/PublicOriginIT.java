package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With PUBLIC_ORIGIN set, a cookie request that changes state must come from that origin: scheme included. */
class PublicOriginIT {

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void crossSchemeOrigin_isRefused_theSiteItselfIsNot() {
    Map<String, String> env = new HashMap<>(RunningServers.env("redis://127.0.0.1:1", RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir)));
    env.put("REDIS_ENABLED", "false");
    env.put("PUBLIC_ORIGIN", "https://gate.example");
    GatehouseClient client = new GatehouseClient(servers.start(env));
    String cookie = "gatehouse_session=" + client.token("alice", PASSWORD);

    HttpResponse<String> fromPlainHttp = client.post("/api/auth/logout", null, "Cookie", cookie,
        "Origin", "http://gate.example");
    HttpResponse<String> fromElsewhere = client.post("/api/auth/logout", null, "Cookie", cookie,
        "Origin", "https://evil.example");
    HttpResponse<String> fromTheSite = client.post("/api/auth/logout", null, "Cookie", cookie,
        "Origin", "https://gate.example");

    assertThat(fromPlainHttp.statusCode()).isEqualTo(403);
    assertThat(json(fromPlainHttp).get("error").asText()).isEqualTo("forbidden");
    assertThat(fromElsewhere.statusCode()).isEqualTo(403);
    assertThat(fromTheSite.statusCode()).isEqualTo(200);
  }
}
