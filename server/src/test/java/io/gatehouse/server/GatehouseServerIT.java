package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.server.config.ServerConfig;
import io.javalin.util.JavalinBindException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

  @Test
  void noDeviceKey_startsWithAWarning_aSetKeyWithout() {
    Logger logger = (Logger) LoggerFactory.getLogger(GatehouseServer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      try (GatehouseServer server = GatehouseServer.start(ServerConfig.fromEnvironment(Map.of("REDIS_ENABLED", "false",
          "PORT", "0", "INSTANCE_COUNT", "3")), new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8))) {
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN)
            .extracting(ILoggingEvent::getFormattedMessage).containsExactly("LOGIN_DEVICE_KEY is not set, so device cookies are signed with a random key of this"
                + " instance: other instances do not trust them, nor does this one after a restart, and their owners"
                + " meet the per-username login limit like strangers. Set the same LOGIN_DEVICE_KEY on every instance"
                + " (openssl rand -base64 32) (INSTANCE_COUNT=3)");
      }
      logged.list.clear();
      try (GatehouseServer server = GatehouseServer.start(ServerConfig.fromEnvironment(Map.of("REDIS_ENABLED", "false",
          "PORT", "0", "LOGIN_DEVICE_KEY", RunningServers.DEVICE_KEY)), new PrintStream(new ByteArrayOutputStream(),
          true, StandardCharsets.UTF_8))) {
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
            .noneMatch(m -> m.contains("LOGIN_DEVICE_KEY"));
      }
    } finally {
      logger.detachAppender(logged);
    }
  }
}
