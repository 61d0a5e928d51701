package io.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference server under {@code wrk}: its session-validation endpoint ({@code GET /api/auth/session} with a
 * bearer token: one validate per request) against its most trivial endpoint ({@code GET /api/health/live}), same
 * server process, same run, taking turns; then, if the server knows the near-cache setting (by default
 * {@value #DEFAULT_NEAR_CACHE}; {@code --near-cache-env NAME=VALUE} names another), the same again on a second server
 * with it set.
 *
 * <p>The server runs as users run it, {@code java -jar server/target/gatehouse-server.jar}, configured by
 * environment variables, against the run's redis-server; one account is made for the run with the jar's own
 * {@code hash-password} command. {@code wrk} uses 2 threads (one per core) and 16 connections; the server, Redis
 * and {@code wrk} share the machine's 2 cores.
 *
 * <p>Each server is warmed up by taking turns between the two endpoints for {@value #WARM_UP_TURNS} turns of
 * {@value #WARM_UP_SESSION_SECONDS} s and {@value #WARM_UP_LIVE_SECONDS} s: the validation path runs far more code
 * than the trivial one (Lettuce, Netty, Jackson, Gatehouse), and on a crowded 2-core machine the JIT compiler
 * threads were still using more CPU per request than the request threads 15 s into it (per-thread CPU time from
 * {@code /proc}). A shorter warm-up measures the compiler, not the server, and only for the endpoint measured first.
 */
final class HttpLoad {

  /** The server setting that turns the near cache of validated sessions on, as {@code NAME=VALUE}. */
  static final String DEFAULT_NEAR_CACHE = "SESSION_NEAR_CACHE=true";

  static final int WARM_UP_TURNS = 3;
  static final int WARM_UP_SESSION_SECONDS = 6;
  static final int WARM_UP_LIVE_SECONDS = 3;

  /**
   * One endpoint's figures, all rounds together.
   *
   * @param versusTrivial requests per second over those of the trivial endpoint of the same server process
   */
  record Endpoint(String name, String path, double requestsPerSecond, double p50Millis, double p99Millis,
      long requests, long failures, double versusTrivial) {}

  /** The outcome: figures, or why there are none; {@code notes} say what else the reader must know. */
  record Result(String skipped, String wrkVersion, String settings, List<Endpoint> endpoints, List<String> notes) {
    static Result skipped(String why) {
      return new Result(why, null, null, List.of(), List.of());
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
  private final int warmUpTurns;
  private final String nearCache;

  /**
   * Creates the HTTP part.
   *
   * @param warmUpTurns turns of warm-up per server ({@value #WARM_UP_TURNS} for a full run)
   * @param nearCache the server setting that turns the near cache on, {@code NAME=VALUE}
   */
  HttpLoad(String redisUri, Path serverJar, Path workDirectory, Duration duration, int warmUpTurns,
      String nearCache) {
    if (nearCache.indexOf('=') < 1) {
      throw new IllegalArgumentException("--near-cache-env takes NAME=VALUE, got \"" + nearCache + "\"");
    }
    this.redisUri = redisUri;
    this.serverJar = serverJar;
    this.workDirectory = workDirectory;
    this.duration = duration;
    this.warmUpTurns = warmUpTurns;
    this.nearCache = nearCache;
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
    Map<String, String> environment = Map.of("REDIS_URL", redisUri, "ADMIN_USERNAME", USERNAME,
        "ADMIN_PASSWORD_HASH", hash);
    List<String> command = wrk("URL", null);
    String settings = "`wrk " + String.join(" ", command.subList(1, command.size() - 1)) + "` (plus `-H "
        + "\"Authorization: Bearer <token>\"` for validation), " + duration.toSeconds() + " s per round, 2 rounds "
        + "each, taking turns, after a warm-up of " + warmUpTurns + " × (" + WARM_UP_SESSION_SECONDS + " s validation, "
        + WARM_UP_LIVE_SECONDS + " s trivial)";
    List<String> notes = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    Endpoint[] plain = measure(environment, "server.log", "", notes);
    String nearCacheName = nearCache.substring(0, nearCache.indexOf('='));
    if (!serverKnows(nearCacheName)) {
      notes.add("Near cache: not measured, because this server does not know `" + nearCacheName + "` (it is not in "
          + "`java -jar gatehouse-server.jar --help`); `--near-cache-env NAME=VALUE` names the setting");
      endpoints.add(plain[0]);
    } else {
      Map<String, String> withNearCache = new HashMap<>(environment);
      withNearCache.put(nearCacheName, nearCache.substring(nearCache.indexOf('=') + 1));
      endpoints.add(plain[0]);
      try {
        Endpoint[] cached = measure(withNearCache, "server-near-cache.log", ", `" + nearCache + "`", notes);
        endpoints.add(cached[0]);
        notes.add(String.format(Locale.ROOT, "The near-cache row's ratio is against the trivial endpoint of its own "
            + "server process (`%s`), %,.0f requests/s", nearCache, cached[1].requestsPerSecond()));
      } catch (IllegalStateException e) {
        // The server knows the setting but refused this value, or failed with it: the plain figures still stand.
        notes.add("Near cache: not measured, because the server with `" + nearCache + "` failed: " + e.getMessage());
      }
    }
    endpoints.add(plain[1]);
    return new Result(null, wrkVersion, settings, endpoints, notes);
  }

  /** Warms a server with {@code environment} up, then measures validation and the trivial endpoint, in turns. */
  private Endpoint[] measure(Map<String, String> environment, String logName, String variant, List<String> notes) {
    try (ServerProcess server = ServerProcess.start(java(), serverJar, environment,
        workDirectory.resolve(logName))) {
      String token = server.login(USERNAME, PASSWORD);
      List<String> validate = wrk(server.base() + "/api/auth/session", "Authorization: Bearer " + token);
      List<String> live = wrk(server.base() + "/api/health/live", null);
      for (int turn = 0; turn < warmUpTurns; turn++) {
        run(withDuration(validate, WARM_UP_SESSION_SECONDS), null);
        run(withDuration(live, WARM_UP_LIVE_SECONDS), null);
      }
      int failoversBefore = server.failovers();
      List<String> validateOutputs = new ArrayList<>();
      List<String> liveOutputs = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        validateOutputs.add(run(validate, null));
        liveOutputs.add(run(live, null));
      }
      int failovers = server.failovers() - failoversBefore;
      if (failovers > 0) {
        notes.add("The server" + (variant.isEmpty() ? "" : " with" + variant.substring(1))
            + " switched its session store from Redis to memory " + failovers + " time(s) during the measured rounds "
            + "(a Redis call slower than REDIS_TIMEOUT, 250 ms by default; validations are answered from memory until "
            + "the next successful probe): see " + logName);
      }
      Endpoint trivial = endpoint("trivial", "GET /api/health/live", liveOutputs, Double.NaN);
      Endpoint validation = endpoint("session validation" + (variant.isEmpty() ? "" : " (near cache)"),
          "GET /api/auth/session (Bearer token)", validateOutputs, trivial.requestsPerSecond());
      return new Endpoint[] {validation, new Endpoint(trivial.name(), trivial.path(), trivial.requestsPerSecond(),
          trivial.p50Millis(), trivial.p99Millis(), trivial.requests(), trivial.failures(), 1.0)};
    }
  }

  /** Whether the server's {@code --help} lists the setting {@code name}. */
  private boolean serverKnows(String name) {
    return run(List.of(java(), "-jar", serverJar.toString(), "--help"), null, false).contains(name);
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

  private static List<String> withDuration(List<String> command, int seconds) {
    List<String> changed = new ArrayList<>(command);
    for (int i = 0; i < changed.size(); i++) {
      if (changed.get(i).startsWith("-d")) {
        changed.set(i, "-d" + seconds + "s");
      }
    }
    return changed;
  }

  private static Endpoint endpoint(String name, String path, List<String> outputs, double trivialPerSecond) {
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
    return new Endpoint(name, path, rps, p50, p99, requests, failures, rps / trivialPerSecond);
  }

  private static double number(Pattern pattern, String text, int group) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected wrk output, no match for " + pattern + ":\n" + text);
    }
    return Double.parseDouble(matcher.group(group));
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
}
