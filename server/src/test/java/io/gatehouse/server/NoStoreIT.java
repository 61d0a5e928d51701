package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer that carries session data tells caches not to keep it: {@code Cache-Control: no-store}. */
class NoStoreIT {

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private GatehouseClient server;

  @BeforeEach
  void start() {
    Map<String, String> env = new HashMap<>(RunningServers.env("redis://127.0.0.1:1", "t:",
        TestAccounts.usersFile(dir)));
    env.put("REDIS_ENABLED", "false");
    server = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void login_session_sessions_adminListing_noStore() {
    HttpResponse<String> login = server.login("root", PASSWORD);
    String token = GatehouseClient.json(login).get("token").asText();

    assertNoStore(login);
    assertNoStore(server.get("/api/auth/session", bearer(token)));
    assertNoStore(server.get("/api/auth/sessions", bearer(token)));
    assertNoStore(server.get("/api/admin/sessions?subject=alice", bearer(token)));
  }

  private static void assertNoStore(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
    assertThat(response.headers().allValues("Cache-Control")).as(response.uri().toString())
        .containsExactly("no-store");
  }
}
