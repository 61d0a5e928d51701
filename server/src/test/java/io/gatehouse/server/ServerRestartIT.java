package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServerExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ServerRestartIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  @Test
  void session_survivesAServerRestart() {
    Map<String, String> env = RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir));
    String token;
    int firstPort;
    try (RunningServers first = new RunningServers()) {
      GatehouseServer server = first.start(env);
      firstPort = server.port();
      token = new GatehouseClient(server).token("alice", PASSWORD);
    }

    try (RunningServers second = new RunningServers()) {
      GatehouseClient restarted = new GatehouseClient(second.start(env));

      assertThat(restarted.get("/api/auth/session", bearer(token)).statusCode()).isEqualTo(200);
    }
    assertThat(portIsFree(firstPort)).as("the first server released its port").isTrue();
  }

  private static boolean portIsFree(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
      return socket.getLocalPort() == port;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
