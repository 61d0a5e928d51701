package io.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reference server for the HTTP part, run as users run it ({@code java -jar server/target/gatehouse-server.jar},
 * configured by environment variables) with its output in a log file. Its public and management ports are free
 * ports picked for the run, so that it never meets another server on the machine (the management port's default,
 * 9000, is taken by any other server started with default settings).
 */
final class ServerProcess implements AutoCloseable {

  /** A line the server logs each time the session store switches from Redis to memory. */
  private static final String FAILOVER_LINE = "serving from memory since";

  private final Process process;
  private final Path log;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServerProcess(Process process, Path log, String base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * Starts the server and waits (at most a minute) until {@code /api/health/live} answers.
   *
   * @param environment the server's settings, besides the ports
   */
  static ServerProcess start(String java, Path serverJar, Map<String, String> environment, Path log) {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-jar", serverJar.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>(environment);
    env.put("PORT", Integer.toString(port));
    env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + serverJar + ": " + e.getMessage(), e);
    }
    ServerProcess server = new ServerProcess(process, log, "http://127.0.0.1:" + port);
    try {
      server.awaitLive();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The server's base URL, {@code http://127.0.0.1:<port>}. */
  String base() {
    return base;
  }

  /** Logs in and returns the session token, after checking that it validates. */
  String login(String username, String password) {
    String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
          .header("Content-Type", "application/json")
          .header("Origin", base)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
      if (response.statusCode() != 200 || !token.find()) {
        throw new IllegalStateException("login failed: HTTP " + response.statusCode() + " " + response.body());
      }
      HttpResponse<String> check = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/session"))
          .header("Authorization", "Bearer " + token.group(1)).build(), HttpResponse.BodyHandlers.ofString());
      if (check.statusCode() != 200) {
        throw new IllegalStateException("the token from login does not validate: HTTP " + check.statusCode() + " "
            + check.body());
      }
      return token.group(1);
    } catch (IOException e) {
      throw new IllegalStateException("login failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during login", e);
    }
  }

  /**
   * How many times so far the server switched its session store from Redis to memory (a Redis call slower than
   * {@code REDIS_TIMEOUT}, 250 ms by default, does that on a crowded machine); validations are answered from memory
   * for a while after each.
   */
  int failovers() {
    try {
      return (int) Files.readString(log, StandardCharsets.UTF_8).lines().filter(l -> l.contains(FAILOVER_LINE))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitLive() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health/live"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the server", e);
      }
      pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException("the server did not answer /api/health/live within 60 s; see " + log);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
