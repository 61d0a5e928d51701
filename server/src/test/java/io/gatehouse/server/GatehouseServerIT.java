package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ServerConfig;
import io.javalin.util.JavalinBindException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up and shutdown of one server, memory only. */
class GatehouseServerIT {

  @Test
  void portTaken_startFails_andCloseIsSafeToRepeat() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      ServerConfig config = ServerConfig.fromEnvironment(Map.of("REDIS_ENABLED", "false",
          "PORT", Integer.toString(taken.getLocalPort())));

      assertThatThrownBy(() -> GatehouseServer.start(config, new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8))).isInstanceOf(JavalinBindException.class);
    }
    GatehouseServer server = GatehouseServer.start(ServerConfig.fromEnvironment(Map.of("REDIS_ENABLED", "false",
        "PORT", "0")), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    server.close();
    server.close();
  }

  @Test
  void noAccounts_firstRunAdminPasswordIsPrintedOnce_andWorks() {
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (GatehouseServer server = GatehouseServer.start(ServerConfig.fromEnvironment(Map.of("REDIS_ENABLED", "false",
        "PORT", "0", "COOKIE_SECURE", "false")), new PrintStream(banner, true, StandardCharsets.UTF_8))) {
      String printed = banner.toString(StandardCharsets.UTF_8);
      String password = printed.lines().filter(l -> l.contains("password: ")).findFirst().orElseThrow()
          .split("password: ")[1].strip();

      assertThat(password).hasSize(22);
      assertThat(printed.split(password, -1)).hasSize(2);
      assertThat(new GatehouseClient(server).login("admin", password).statusCode()).isEqualTo(200);
    }
  }
}
