package io.gatehouse.server;

import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * No secret in any log line: a real server with a Redis password, an admin password hash and logins with right
 * and wrong passwords, while Redis is unreachable (so its errors are logged too). Every log event, message and
 * stack trace, is searched for each secret.
 */
class SecretsIT {

  private static final String REDIS_PASSWORD = "Redis-Pw-0f-7h3-d34d";
  private static final String WRONG_PASSWORD = "Wr0ng-Guess-9x";

  @TempDir
  static Path dir;

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final RunningServers servers = new RunningServers();

  @BeforeEach
  void capture() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void release() {
    servers.close();
    root.detachAppender(logged);
  }

  @Test
  void noSecret_inAnyLogLine() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String adminHash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4));
    Map<String, String> env = new java.util.HashMap<>(RunningServers.env(
        "redis://default:" + REDIS_PASSWORD + "@127.0.0.1:" + closedPort + "/0", RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir)));
    env.put("REDIS_SENTINEL_PASSWORD", "Sentinel-Pw-77");
    env.put("ADMIN_USERNAME", "chief");
    env.put("ADMIN_PASSWORD_HASH", adminHash);
    ServerConfig config = ServerConfig.fromEnvironment(env);
    LoggerFactory.getLogger(SecretsIT.class).info("Configuration (secrets masked):\n{}", config);
    GatehouseClient client = new GatehouseClient(servers.start(env));

    String token = client.token("alice", PASSWORD);
    client.login("alice", WRONG_PASSWORD);
    client.login("chief", PASSWORD);
    client.get("/api/auth/session", "Authorization", "Bearer " + token);
    client.get("/api/auth/session", "Cookie", "gatehouse_session=" + token);
    client.post("/api/auth/logout", null, "Authorization", "Bearer " + token);

    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logged.list) {
      lines.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        lines.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    assertThat(lines).as("something was logged").isNotEmpty();
    assertThat(String.join("\n", lines)).doesNotContain(REDIS_PASSWORD, "Sentinel-Pw-77", adminHash,
        adminHash.substring(7), PASSWORD, WRONG_PASSWORD, token, token.substring(22));
  }

  @Test
  void configErrors_neverEchoAPassword() {
    PrintStream silent = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    for (String url : List.of("redis://:" + REDIS_PASSWORD + "@cache:notaport", "redis:/u:" + REDIS_PASSWORD + "@h",
        "u:" + REDIS_PASSWORD + "@h:1")) {
      try {
        GatehouseServer.start(ServerConfig.fromEnvironment(Map.of("REDIS_URL", url, "PORT", "0")), silent).close();
      } catch (RuntimeException e) {
        assertThat(e).hasMessageNotContaining(REDIS_PASSWORD).hasNoCause();
        continue;
      }
      throw new AssertionError("accepted " + url.replace(REDIS_PASSWORD, "***"));
    }
  }
}
