package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Sessions follow the account: instance A runs with the original accounts file; instance C starts, on the same Redis,
 * with a changed one, as a deploy does. C takes the change at once, and what C ends, A refuses too.
 */
class AccountChangesIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  Path dir;

  private static final String HASH = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4));

  private final RunningServers servers = new RunningServers();
  private Map<String, String> env;
  private GatehouseClient a;

  @BeforeEach
  void startA() throws IOException {
    env = RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(),
        users("original", "alice:" + HASH + ":user", "root:" + HASH + ":admin,user"));
    a = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  /**
   * Regression for issue 13: a session of {@code admin} kept admin rights (200 on /api/admin/sessions) on an
   * instance started after the account was removed.
   */
  @Test
  void removedAdmin_rejectedOnAFreshInstance_andThenOnEveryInstance() throws IOException {
    String root = a.token("root", PASSWORD);
    assertThat(a.get("/api/admin/sessions?subject=alice", bearer(root)).statusCode()).isEqualTo(200);

    GatehouseClient c = startWith("alice:" + HASH + ":user");

    assertThat(c.get("/api/admin/sessions?subject=alice", bearer(root)).statusCode()).isEqualTo(401);
    assertThat(a.get("/api/auth/session", bearer(root)).statusCode())
        .as("C revoked it in Redis, so A, with the old accounts, refuses it too").isEqualTo(401);
  }

  @Test
  void rolesChanged_takeEffectOnTheNextRequest_theSessionGoesOn() throws IOException {
    String root = a.token("root", PASSWORD);

    GatehouseClient c = startWith("alice:" + HASH + ":user", "root:" + HASH + ":user,auditor");

    assertThat(c.get("/api/admin/sessions?subject=alice", bearer(root)).statusCode()).isEqualTo(403);
    assertThat(json(c.get("/api/auth/session", bearer(root))).get("roles").toString())
        .isEqualTo("[\"auditor\",\"user\"]");
    assertThat(a.get("/api/admin/sessions?subject=alice", bearer(root)).statusCode())
        .as("A has not loaded the change; it answers from the accounts it has").isEqualTo(200);
  }

  @Test
  void passwordChanged_endsTheSessionsOfTheOldOne_onEveryInstance() throws IOException {
    String alice = a.token("alice", PASSWORD);
    String other = a.token("alice", PASSWORD);
    String newHash = BCrypt.hashpw("a new password", BCrypt.gensalt(4));

    GatehouseClient c = startWith("alice:" + newHash + ":user", "root:" + HASH + ":admin,user");

    assertThat(c.get("/api/auth/session", bearer(alice)).statusCode()).isEqualTo(401);
    assertThat(a.get("/api/auth/session", bearer(alice)).statusCode()).isEqualTo(401);
    assertThat(c.get("/api/auth/sessions", bearer(other)).statusCode()).isEqualTo(401);
    assertThat(c.token("alice", "a new password")).isNotEmpty();
    assertThat(c.login("alice", PASSWORD).statusCode()).isEqualTo(401);
  }

  @Test
  void unchangedAccounts_sessionsCarryOverToAFreshInstance() throws IOException {
    String alice = a.token("alice", PASSWORD);

    GatehouseClient c = startWith("alice:" + HASH + ":user", "root:" + HASH + ":admin,user");

    assertThat(c.get("/api/auth/session", bearer(alice)).statusCode()).isEqualTo(200);
  }

  private GatehouseClient startWith(String... lines) throws IOException {
    Map<String, String> changed = new HashMap<>(env);
    changed.put("USERS_FILE", users("changed", lines).toString());
    return new GatehouseClient(servers.start(changed));
  }

  private Path users(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name + ".txt"), List.of(lines));
  }
}
