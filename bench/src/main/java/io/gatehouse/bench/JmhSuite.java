package io.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks programmatically against the run's redis-server, one case at a time, in an order that
 * keeps every figure close in time to its baseline.
 *
 * <ul>
 *   <li>Two passes per thread count: every case in order (baseline, Gatehouse, the decorator, the peer), then every
 *       case again in reverse. A figure is the mean of both passes' iterations, so a slow spell of the shared machine
 *       during one pass weighs on a figure and its baseline alike, instead of on whichever ran then.
 *   <li>At 16 threads, where the targets are set, both key sets run; at 1 and 64 threads only the 10,000 random
 *       keys, which keeps the whole run under ten minutes on 2 cores.
 *   <li>All cases run in the run's own JVM ({@code forks(0)}). A fork per case is JMH's default because it isolates
 *       JIT profiles; here each operation is a network round trip of tens of microseconds, far above what a polluted
 *       profile costs, while a fork takes 5 to 8 s to start on the shared cores. Each case opens and closes its own
 *       client and warms up before it is measured.
 * </ul>
 */
final class JmhSuite {

  /**
   * One measured case.
   *
   * @param benchmark the class's simple name and the method, {@code SessionValidateBenchmark.validate}
   * @param backend the {@code backend} (or {@code path}) parameter
   * @param keys the {@code keys} parameter, {@code -} if none
   * @param score mean over the measurement iterations of both passes, in {@code unit}
   * @param spread half the distance between the slowest and the fastest of those iterations (JMH's 99.9% confidence
   *     interval means little over so few iterations)
   */
  record Figure(String benchmark, String backend, String keys, int threads, double score, double spread,
      String unit) {

    String key() {
      return key(benchmark, backend, keys, threads);
    }

    static String key(String benchmark, String backend, String keys, int threads) {
      return benchmark + "|" + backend + "|" + keys + "|" + threads;
    }

    /** The figure's key from JMH's description of a case. */
    static String key(BenchmarkParams params) {
      String keys = params.getParam("keys");
      return key(label(params), backendOf(params), keys == null ? "-" : keys, params.getThreads());
    }

    /** One pass's result of a case. */
    static Figure of(RunResult result) {
      BenchmarkParams params = result.getParams();
      Result<?> primary = result.getPrimaryResult();
      String keys = params.getParam("keys");
      return new Figure(label(params), backendOf(params), keys == null ? "-" : keys, params.getThreads(),
          primary.getScore(), (primary.getStatistics().getMax() - primary.getStatistics().getMin()) / 2,
          primary.getScoreUnit());
    }

    private static String label(BenchmarkParams params) {
      return params.getBenchmark().substring(PACKAGE.length());
    }

    private static String backendOf(BenchmarkParams params) {
      String backend = params.getParam("backend");
      return backend != null ? backend : params.getParam("path");
    }
  }

  /** How long each case is measured, per pass. */
  record Timing(int warmupIterations, TimeValue warmupTime, int iterations, TimeValue iterationTime) {
    static final Timing FULL = new Timing(1, TimeValue.milliseconds(500), 2, TimeValue.milliseconds(500));
    static final Timing QUICK = new Timing(1, TimeValue.milliseconds(200), 1, TimeValue.milliseconds(300));

    @Override
    public String toString() {
      return "per pass: warm-up " + warmupIterations + " × " + warmupTime + ", measurement " + iterations + " × "
          + iterationTime;
    }
  }

  /** One JMH run: a benchmark method with all its parameters fixed. */
  private record Case(String benchmark, Map<String, String> params) {

    /** Selects exactly this method: JMH's include is a regular expression over the full name. */
    String include() {
      return "^" + (PACKAGE + benchmark).replace(".", "\\.") + "$";
    }

    String fileName(int threads, int pass) {
      StringBuilder name = new StringBuilder().append(threads).append("t-pass").append(pass).append('-')
          .append(benchmark);
      params.values().forEach(value -> name.append('-').append(value));
      return name.append(".log").toString();
    }
  }

  static final List<Integer> THREADS = List.of(1, 16, 64);
  /** The thread count of the targets, run with every key set. */
  static final int HEADLINE_THREADS = 16;
  static final List<String> BENCHMARKS = List.of("SessionValidateBenchmark", "SessionCreateBenchmark",
      "SessionRevokeBenchmark", "JwtValidateBenchmark", "TokenBucketBenchmark", "SlidingWindowBenchmark",
      "FailoverOverheadBenchmark");
  /** Benchmarks that run at some thread counts only: the decorator's CPU cost alone, and under contention. */
  static final Map<String, List<Integer>> ONLY_AT = Map.of("FailoverOverheadBenchmark", List.of(1, HEADLINE_THREADS));
  private static final String PACKAGE = "io.gatehouse.bench.";
  private static final int PASSES = 2;

  private final String redisUri;
  private final Timing timing;
  private final Path logDirectory;

  JmhSuite(String redisUri, Timing timing, Path logDirectory) {
    this.redisUri = redisUri;
    this.timing = timing;
    this.logDirectory = logDirectory.resolve("jmh");
  }

  /**
   * Runs the benchmarks whose simple names match {@code only} (a regular expression).
   *
   * @param threadCounts normally {@link #THREADS}
   * @param params JMH parameters to narrow the cases to (for profiling one), normally none
   */
  Map<String, Figure> run(String only, List<Integer> threadCounts, Map<String, String> params) {
    System.setProperty(BenchRedis.URI_PROPERTY, redisUri);
    try {
      Files.createDirectories(logDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logDirectory, e);
    }
    Map<String, Figure> figures = new TreeMap<>();
    for (int threads : threadCounts) {
      List<Case> cases = cases(only, threads, params);
      if (cases.isEmpty()) {
        continue;
      }
      Map<String, List<Figure>> passes = new LinkedHashMap<>();
      for (int pass = 1; pass <= PASSES; pass++) {
        BenchmarkRun.log("JMH at %d thread(s), pass %d of %d: %d cases (logs in %s)", threads, pass, PASSES,
            cases.size(), logDirectory);
        for (Case benchmarkCase : pass % 2 == 1 ? cases : reversed(cases)) {
          Figure figure = run(benchmarkCase, threads, pass);
          if (figure != null) {
            passes.computeIfAbsent(figure.key(), k -> new ArrayList<>()).add(figure);
          }
        }
      }
      passes.forEach((key, results) -> figures.put(key, merge(results)));
    }
    return figures;
  }

  /** Runs one case; null if it failed (its log says why). */
  private Figure run(Case benchmarkCase, int threads, int pass) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(benchmarkCase.include())
        .threads(threads)
        .forks(0)
        .warmupIterations(timing.warmupIterations())
        .warmupTime(timing.warmupTime())
        .measurementIterations(timing.iterations())
        .measurementTime(timing.iterationTime())
        .shouldFailOnError(false)
        .output(logDirectory.resolve(benchmarkCase.fileName(threads, pass)).toString());
    benchmarkCase.params().forEach(options::param);
    Collection<RunResult> results;
    try {
      results = new Runner(options.build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed on " + benchmarkCase + ": " + e.getMessage(), e);
    }
    if (results.isEmpty()) {
      BenchmarkRun.log("JMH case %s at %d threads failed; see %s", benchmarkCase, threads,
          logDirectory.resolve(benchmarkCase.fileName(threads, pass)));
      return null;
    }
    return Figure.of(results.iterator().next());
  }

  /** The cases at {@code threads}, baselines first within each benchmark and key set, as the report lists them. */
  private static List<Case> cases(String only, int threads, Map<String, String> params) {
    List<Case> cases = new ArrayList<>();
    for (BenchmarkCase benchmarkCase : BenchmarkCase.all(SessionRevokeBenchmark.POOL)) {
      Map<String, String> caseParams = new LinkedHashMap<>();
      caseParams.put("backend", benchmarkCase.backend());
      if (benchmarkCase.keys() != null) {
        caseParams.put("keys", benchmarkCase.keys().name());
      }
      cases.add(new Case(benchmarkCase.operation(), caseParams));
    }
    for (String method : List.of("validate", "tryAcquire")) {
      for (String path : List.of("DIRECT", "DECORATED")) {
        cases.add(new Case("FailoverOverheadBenchmark." + method, Map.of("path", path)));
      }
    }
    return cases.stream()
        .filter(c -> className(c.benchmark()).matches(".*(" + only + ").*"))
        .filter(c -> ONLY_AT.getOrDefault(className(c.benchmark()), THREADS).contains(threads))
        .filter(c -> threads == HEADLINE_THREADS || !Keys.HOT.name().equals(c.params().get("keys")))
        .filter(c -> params.entrySet().stream().allMatch(p -> !c.params().containsKey(p.getKey())
            || c.params().get(p.getKey()).equals(p.getValue())))
        .toList();
  }

  /** Both passes as one figure: the mean of all their iterations, and the spread over all of them. */
  private static Figure merge(List<Figure> passes) {
    Figure first = passes.get(0);
    double score = passes.stream().mapToDouble(Figure::score).average().orElseThrow();
    double low = passes.stream().mapToDouble(f -> f.score() - f.spread()).min().orElseThrow();
    double high = passes.stream().mapToDouble(f -> f.score() + f.spread()).max().orElseThrow();
    return new Figure(first.benchmark(), first.backend(), first.keys(), first.threads(), score, (high - low) / 2,
        first.unit());
  }

  private static String className(String benchmark) {
    return benchmark.substring(0, benchmark.indexOf('.'));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
