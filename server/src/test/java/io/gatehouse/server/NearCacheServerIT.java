package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.SessionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers with {@code SESSION_NEAR_CACHE=true} on one Redis: B answers from its near cache (shown by deleting a
 * session's key behind the server's back, which sends no message), and a logout on A is refused by B at once, long
 * before the 30 s staleness would run out.
 */
class NearCacheServerIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private final String prefix = RunningServers.uniquePrefix();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void logoutOnA_isRefusedByB_whichAnswersFromItsNearCache() {
    Map<String, String> env = new HashMap<>(RunningServers.env(redis.server().uri(), prefix,
        TestAccounts.usersFile(dir)));
    env.put("SESSION_NEAR_CACHE", "true");
    env.put("SESSION_NEAR_CACHE_MAX_STALENESS", "30s");
    GatehouseClient a = new GatehouseClient(servers.start(env));
    GatehouseClient b = new GatehouseClient(servers.start(env));

    // B subscribes in the background: until then it asks Redis, and a deleted key is a 401.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode login = json(a.login("alice", PASSWORD));
      String token = login.get("token").asText();
      assertThat(b.get("/api/auth/session", bearer(token)).statusCode()).isEqualTo(200);
      redis.server().command("DEL", key(login.get("sessionId").asText()));
      return b.get("/api/auth/session", bearer(token)).statusCode() == 200;
    });

    String token = a.token("alice", PASSWORD);
    assertThat(b.get("/api/auth/session", bearer(token)).statusCode()).isEqualTo(200);
    assertThat(a.post("/api/auth/logout", null, bearer(token)).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(2))
        .until(() -> b.get("/api/auth/session", bearer(token)).statusCode() == 401);
  }

  private String key(String sessionId) {
    SessionId id = new SessionId(sessionId);
    return prefix + "{" + id.subjectTag() + "}:s:" + sessionId.substring(SessionId.TAG_LENGTH);
  }
}
