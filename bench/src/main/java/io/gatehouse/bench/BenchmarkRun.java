package io.gatehouse.bench;

import io.gatehouse.redis.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one entry point of the benchmarks ({@code bench/run.sh}): starts a redis-server of its own, runs every part in
 * one go, and writes {@code bench/RESULTS.md}.
 *
 * <pre>
 * java -jar bench/target/gatehouse-bench.jar [--quick] [--only REGEX]
 *     [--parts census,jmh,latency,propagation,failover,http]
 *     [--threads 1,16,64] [--param NAME=VALUE]... [--out FILE] [--server-jar FILE] [--near-cache-env NAME=VALUE]
 * </pre>
 * <ul>
 *   <li>{@code --quick}: short measurements, for checking that everything runs (figures not worth keeping).
 *   <li>{@code --only REGEX}: only the JMH benchmarks (and their command census) whose class name matches.
 *   <li>Any of these options writes to {@code bench/target/RESULTS-quick.md} or {@code RESULTS-partial.md} instead of
 *       {@code bench/RESULTS.md}, unless {@code --out} says otherwise.
 *   <li>{@code --parts}: which parts to run; all by default.
 *   <li>{@code --threads}, {@code --param}: narrow the JMH cases, for profiling one of them (as the profiling notes
 *       in {@code analysis.md}, appended to every report, do).
 *   <li>{@code --near-cache-env}: the server setting that turns its near cache on ({@value
 *       HttpLoad#DEFAULT_NEAR_CACHE} by default); the HTTP part measures validation again with it when the server's
 *       {@code --help} lists it, and says so when it does not.
 * </ul>
 */
public final class BenchmarkRun {

  /** What this run does, from its arguments. */
  record Settings(boolean quick, String only, Set<String> parts, Path out, Path serverJar, Path workDirectory,
      List<Integer> threads, Map<String, String> params, String nearCache) {

    static final List<String> ALL_PARTS = List.of("census", "jmh", "latency", "propagation", "failover", "http");

    static Settings parse(String[] args) {
      boolean quick = false;
      String only = null;
      Set<String> parts = new LinkedHashSet<>(ALL_PARTS);
      Path out = null;
      Path serverJar = Path.of("server/target/gatehouse-server.jar");
      String nearCache = HttpLoad.DEFAULT_NEAR_CACHE;
      List<Integer> threads = JmhSuite.THREADS;
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> quick = true;
          case "--only" -> only = value(args, ++i);
          case "--parts" -> {
            parts = new LinkedHashSet<>(List.of(value(args, ++i).split(",")));
            for (String part : parts) {
              if (!ALL_PARTS.contains(part)) {
                throw new IllegalArgumentException("--parts takes a comma-separated list of " + ALL_PARTS + ", got \""
                    + part + "\"");
              }
            }
          }
          case "--out" -> out = Path.of(value(args, ++i));
          case "--server-jar" -> serverJar = Path.of(value(args, ++i));
          case "--near-cache-env" -> {
            nearCache = value(args, ++i);
            if (nearCache.indexOf('=') < 1) {
              throw new IllegalArgumentException("--near-cache-env takes NAME=VALUE, got \"" + nearCache + "\"");
            }
          }
          case "--threads" -> threads = Arrays.stream(value(args, ++i).split(",")).map(Integer::valueOf).toList();
          case "--param" -> {
            String param = value(args, ++i);
            int equals = param.indexOf('=');
            if (equals < 1) {
              throw new IllegalArgumentException("--param takes NAME=VALUE, got \"" + param + "\"");
            }
            params.put(param.substring(0, equals), param.substring(equals + 1));
          }
          default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"; expected --quick, "
              + "--only REGEX, --parts LIST, --threads LIST, --param NAME=VALUE, --out FILE, --server-jar FILE or "
              + "--near-cache-env NAME=VALUE");
        }
      }
      if (only != null || !params.isEmpty()) {
        parts.retainAll(List.of("census", "jmh"));
      }
      if (out == null) {
        // Only a full run replaces bench/RESULTS.md; partial ones go beside the build output.
        boolean partial = quick || only != null || !params.isEmpty() || !threads.equals(JmhSuite.THREADS);
        out = Path.of(!partial ? "bench/RESULTS.md" : "bench/target/RESULTS-" + (quick ? "quick" : "partial") + ".md");
      }
      return new Settings(quick, only == null ? ".*" : only, parts, out, serverJar, Path.of("bench/target"), threads,
          params, nearCache);
    }

    private static String value(String[] args, int index) {
      if (index >= args.length) {
        throw new IllegalArgumentException(args[index - 1] + " needs a value");
      }
      return args[index];
    }
  }

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private BenchmarkRun() {}

  public static void main(String[] args) throws IOException {
    Settings settings = Settings.parse(args);
    Files.createDirectories(settings.workDirectory());
    Instant started = Instant.now();
    RunEnvironment environment = RunEnvironment.read();
    ResultsReport report = new ResultsReport(settings, environment, started);

    try (RedisServer server = RedisServer.create().start()) {
      String uri = server.uri();
      System.setProperty(BenchRedis.URI_PROPERTY, uri);
      log("redis-server %s on %s; parts: %s", server.version(), uri, settings.parts());
      BenchRedis redis = BenchRedis.at(uri);

      if (settings.parts().contains("census")) {
        long start = System.nanoTime();
        CommandCensus census = new CommandCensus(uri);
        for (BenchmarkCase benchmarkCase : BenchmarkCase.all(2_000)) {
          if (benchmarkCase.benchmark().matches(".*(" + settings.only() + ").*")) {
            report.census(benchmarkCase, census.count(benchmarkCase, settings.quick() ? 100 : 500));
          }
        }
        report.part("command census", since(start));
      }
      if (settings.parts().contains("jmh")) {
        long start = System.nanoTime();
        JmhSuite.Timing timing = settings.quick() ? JmhSuite.Timing.QUICK : JmhSuite.Timing.FULL;
        report.jmh(new JmhSuite(uri, timing, settings.workDirectory())
            .run(settings.only(), settings.threads(), settings.params()), timing);
        report.part("JMH", since(start));
      }
      if (settings.parts().contains("latency")) {
        long start = System.nanoTime();
        log("latency driver: 16 threads, closed loop");
        Duration phase = Duration.ofSeconds(settings.quick() ? 1 : 3);
        LatencyDriver driver = new LatencyDriver(redis, 16, Duration.ofSeconds(settings.quick() ? 1 : 2), phase, 2);
        report.latency(driver.run(List.of(SessionBackend.RAW_GET, SessionBackend.GATEHOUSE,
            SessionBackend.GATEHOUSE_FAILOVER)));
        report.part("latency driver", since(start));
      }
      if (settings.parts().contains("propagation")) {
        long start = System.nanoTime();
        log("revocation propagation: revoke on A, refused by B's near cache");
        report.propagation(new RevocationPropagation(uri).measure(settings.quick() ? 50 : 500));
        report.part("revocation propagation", since(start));
      }
      if (settings.parts().contains("http")) {
        long start = System.nanoTime();
        log("HTTP under wrk");
        report.http(new HttpLoad(uri, settings.serverJar(), settings.workDirectory(),
            Duration.ofSeconds(settings.quick() ? 3 : 8), settings.quick() ? 1 : HttpLoad.WARM_UP_TURNS,
            settings.nearCache()).run());
        report.part("HTTP (wrk)", since(start));
      }
    }
    if (settings.parts().contains("failover")) {
      long start = System.nanoTime();
      log("failover: kill, freeze, write-back, back on Redis");
      FailoverTimings timings = new FailoverTimings();
      int trials = settings.quick() ? 2 : 5;
      List<FailoverTimings.SwitchOver> switchOvers = new ArrayList<>();
      switchOvers.add(timings.switchOver(false, trials));
      switchOvers.add(timings.switchOver(true, trials));
      report.failover(switchOvers, timings.writeBack(10_000));
      report.backOnRedis(timings.backOnRedis(settings.quick() ? 3 : 10));
      report.part("failover timings", since(start));
    }

    report.finish(Instant.now(), RunEnvironment.loadAverage());
    Files.createDirectories(settings.out().toAbsolutePath().getParent());
    try {
      Files.writeString(settings.out(), report.markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + settings.out(), e);
    }
    log("done in %d s; wrote %s", Duration.between(started, Instant.now()).toSeconds(), settings.out());
    System.exit(0);
  }

  /** A progress line, with the time of day: on a shared machine, where the time goes is part of the result. */
  static void log(String format, Object... args) {
    System.out.printf("[bench %s] %s%n", LocalTime.now().format(CLOCK),
        String.format(Locale.ROOT, format, args));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

}
