package io.gatehouse.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference server under {@code wrk}: its session-validation endpoint ({@code GET /api/auth/session} with a
 * bearer token: one validate per request) against its most trivial endpoint ({@code GET /api/health/live}), same
 * server process, same run, taking turns.
 *
 * <p>The server runs as users run it, {@code java -jar server/target/gatehouse-server.jar}, configured by
 * environment variables, against the run's redis-server; one account is made for the run with the jar's own
 * {@code hash-password} command. {@code wrk} uses 2 threads (one per core) and 16 connections; the server, Redis
 * and {@code wrk} share the machine's 2 cores.
 */
final class HttpLoad {

  /** One endpoint's figures, all rounds together. */
  record Endpoint(String name, String path, double requestsPerSecond, double p50Millis, double p99Millis,
      long requests, long failures) {}

  /** The outcome: figures, or why there are none. */
  record Result(String skipped, String wrkVersion, String settings, List<Endpoint> endpoints) {
    static Result skipped(String why) {
      return new Result(why, null, null, List.of());
    }
  }

  private static final String USERNAME = "bench";
  private static final String PASSWORD = "bench-password-not-secret";
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private final String redisUri;
  private final Path serverJar;
  private final Path workDirectory;
  private final Duration duration;

  HttpLoad(String redisUri, Path serverJar, Path workDirectory, Duration duration) {
    this.redisUri = redisUri;
    this.serverJar = serverJar;
    this.workDirectory = workDirectory;
    this.duration = duration;
  }

  Result run() {
    if (!Files.isRegularFile(serverJar)) {
      return Result.skipped("the server jar " + serverJar + " does not exist (build it with "
          + "`mvn -q -pl server,bench -am package -DskipTests`, which bench/run.sh does)");
    }
    String wrkVersion;
    try {
      wrkVersion = run(List.of("wrk", "-v"), null, false).lines().findFirst().orElse("wrk").trim()
          .replaceFirst("\\s*Copyright.*", "");
    } catch (IllegalStateException e) {
      return Result.skipped("wrk is not installed (bench/run.sh installs the Debian package `wrk`): "
          + e.getMessage());
    }
    String hash = run(List.of(java(), "-jar", serverJar.toString(), "hash-password"), PASSWORD).trim();
    int port = freePort();
    Path log = workDirectory.resolve("server.log");
    ProcessBuilder builder = new ProcessBuilder(java(), "-Xms512m", "-Xmx512m", "-jar", serverJar.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(Map.of("PORT", Integer.toString(port), "REDIS_URL", redisUri,
        "ADMIN_USERNAME", USERNAME, "ADMIN_PASSWORD_HASH", hash));
    Process server;
    try {
      server = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + serverJar + ": " + e.getMessage(), e);
    }
    try {
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      awaitLive(http, base, server, log);
      String token = login(http, base);
      String auth = "Authorization: Bearer " + token;
      List<String> validate = wrk(base + "/api/auth/session", auth);
      List<String> live = wrk(base + "/api/health/live", null);
      String settings = "`wrk " + String.join(" ", validate.subList(1, validate.size() - 3)) + "` (plus `-H "
          + "\"Authorization: Bearer <token>\"` for validation), " + duration.toSeconds() + " s per round, 2 rounds "
          + "each, taking turns, after a 3 s warm-up each";

      run(warmup(validate), null);
      run(warmup(live), null);
      List<String> validateOutputs = new ArrayList<>();
      List<String> liveOutputs = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        validateOutputs.add(run(validate, null));
        liveOutputs.add(run(live, null));
      }
      return new Result(null, wrkVersion, settings, List.of(
          endpoint("session validation", "GET /api/auth/session (Bearer token)", validateOutputs),
          endpoint("trivial", "GET /api/health/live", liveOutputs)));
    } finally {
      server.destroy();
      try {
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.destroyForcibly();
      }
    }
  }

  private List<String> wrk(String url, String header) {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c16", "-d" + duration.toSeconds() + "s",
        "--latency", "--timeout", "5s"));
    if (header != null) {
      command.addAll(List.of("-H", header));
    }
    command.add(url);
    return command;
  }

  private static List<String> warmup(List<String> command) {
    List<String> warm = new ArrayList<>(command);
    for (int i = 0; i < warm.size(); i++) {
      if (warm.get(i).startsWith("-d")) {
        warm.set(i, "-d3s");
      }
    }
    return warm;
  }

  private static Endpoint endpoint(String name, String path, List<String> outputs) {
    double rps = 0;
    double p50 = 0;
    double p99 = 0;
    long requests = 0;
    long failures = 0;
    for (String output : outputs) {
      rps += number(REQUESTS_PER_SECOND, output, 1) / outputs.size();
      requests += (long) number(REQUESTS, output, 1);
      Matcher percentiles = PERCENTILE.matcher(output);
      while (percentiles.find()) {
        double millis = Double.parseDouble(percentiles.group(2)) * switch (percentiles.group(3)) {
          case "us" -> 0.001;
          case "s" -> 1000.0;
          default -> 1.0;
        };
        if (percentiles.group(1).equals("50")) {
          p50 = Math.max(p50, millis);
        } else {
          p99 = Math.max(p99, millis);
        }
      }
      Matcher non2xx = NON_2XX.matcher(output);
      failures += non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
      Matcher errors = SOCKET_ERRORS.matcher(output);
      if (errors.find()) {
        for (int group = 1; group <= 4; group++) {
          failures += Long.parseLong(errors.group(group));
        }
      }
    }
    return new Endpoint(name, path, rps, p50, p99, requests, failures);
  }

  private static double number(Pattern pattern, String text, int group) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected wrk output, no match for " + pattern + ":\n" + text);
    }
    return Double.parseDouble(matcher.group(group));
  }

  private static void awaitLive(HttpClient http, String base, Process server, Path log) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited with code " + server.exitValue() + "; see " + log);
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

  private static String login(HttpClient http, String base) {
    String body = "{\"username\":\"" + USERNAME + "\",\"password\":\"" + PASSWORD + "\"}";
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

  /** Runs a command to completion (at most a minute past the load duration) and returns its output. */
  private String run(List<String> command, String input) {
    return run(command, input, true);
  }

  /** {@link #run(List, String)}; {@code wrk -v} exits with 1, so the exit code is checked only if asked. */
  private String run(List<String> command, String input, boolean checkExit) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        process.getOutputStream().write((input + "\n").getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || (checkExit && process.exitValue() != 0)) {
        process.destroyForcibly();
        throw new IllegalStateException("\"" + command.get(0) + "\" failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
