package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.config.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients do not stop the server: the audit's 300 connections that send a login request's headers and one byte
 * of a 9,000-byte body, then nothing. The public liveness endpoint must keep answering, promptly.
 */
class SlowClientsIT {

  private static final int SLOW_CLIENTS = 300;

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed by the server: what we want
      }
    }
    servers.close();
  }

  @Test
  void threeHundredStalledLoginBodies_liveStillAnswersWithinASecond() throws Exception {
    Map<String, String> env = new HashMap<>(RunningServers.env("redis://127.0.0.1:1", RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir)));
    env.put("REDIS_ENABLED", "false");
    GatehouseServer server = servers.start(env);
    GatehouseClient client = new GatehouseClient(server);

    byte[] head = ("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 9000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = new Socket("127.0.0.1", server.port());
      sockets.add(socket);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.flush();
    }

    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      HttpResponse<String> live = client.get("/api/health/live");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(took).as("answer %d took %s", i, took).isLessThan(Duration.ofSeconds(1));
    }
    HttpResponse<String> crowded = client.login("alice", TestAccounts.PASSWORD);
    assertThat(crowded.statusCode()).as(crowded.body()).isIn(200, 503);
    if (crowded.statusCode() == 503) {
      assertThat(crowded.headers().firstValue("Retry-After")).contains("1");
    }
    // The stalled reads end at the read deadline, and logins are served again.
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
        .until(() -> client.login("alice", TestAccounts.PASSWORD).statusCode() == 200);
  }
}
