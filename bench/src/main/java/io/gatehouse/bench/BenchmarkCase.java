package io.gatehouse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One benchmark method with one set of parameters, callable outside JMH: the command census and the smoke test
 * run exactly the bodies that JMH measures.
 *
 * @param benchmark the benchmark class's simple name, as JMH reports it
 * @param backend the {@code backend} parameter
 * @param keys the {@code keys} parameter, or {@code null} for benchmarks without one
 * @param open sets the benchmark up (as JMH's trial and iteration setup would) and returns its body
 */
record BenchmarkCase(String benchmark, String backend, Keys keys, Supplier<Body> open) {

  /** A set-up benchmark: call it, then close it (JMH's tear-down). */
  interface Body extends AutoCloseable {
    Object call();

    @Override
    void close();
  }

  /** How JMH names this case's benchmark: {@code SessionValidateBenchmark.validate}. */
  String operation() {
    return benchmark + "." + switch (benchmark) {
      case "SessionValidateBenchmark", "JwtValidateBenchmark" -> "validate";
      case "SessionCreateBenchmark" -> "create";
      case "SessionRevokeBenchmark" -> "revoke";
      default -> "tryAcquire";
    };
  }

  @Override
  public String toString() {
    return benchmark + "[" + backend + (keys == null ? "" : ", " + keys) + "]";
  }

  /**
   * Every case of every benchmark, in the order of the report.
   *
   * @param revokePool sessions per pool of the revoke benchmark (JMH's run uses {@link SessionRevokeBenchmark#POOL})
   */
  static List<BenchmarkCase> all(int revokePool) {
    List<BenchmarkCase> cases = new ArrayList<>();
    for (String backend : List.of("RAW_GET", "GATEHOUSE", "GATEHOUSE_FAILOVER", "GATEHOUSE_NEAR_CACHE",
        "SPRING_SESSION")) {
      for (Keys keys : Keys.values()) {
        cases.add(new BenchmarkCase("SessionValidateBenchmark", backend, keys, () -> {
          SessionValidateBenchmark b = new SessionValidateBenchmark();
          b.backend = SessionBackend.valueOf(backend);
          b.keys = keys;
          b.setUp();
          return body(b::validate, () -> b.tearDown(null));
        }));
      }
    }
    for (String backend : List.of("RAW_GET", "GATEHOUSE", "GATEHOUSE_FAILOVER", "SPRING_SESSION")) {
      cases.add(new BenchmarkCase("SessionCreateBenchmark", backend, null, () -> {
        SessionCreateBenchmark b = new SessionCreateBenchmark();
        b.backend = SessionBackend.valueOf(backend);
        b.setUp();
        return body(b::create, () -> b.tearDown(null));
      }));
    }
    for (String backend : List.of("RAW_GET", "GATEHOUSE", "GATEHOUSE_FAILOVER")) {
      cases.add(new BenchmarkCase("SessionRevokeBenchmark", backend, null, () -> {
        SessionRevokeBenchmark b = new SessionRevokeBenchmark();
        b.backend = SessionBackend.valueOf(backend);
        b.poolSize = revokePool;
        b.setUp();
        return body(b::revoke, () -> b.tearDown(null));
      }));
    }
    for (JwtValidateBenchmark.Backend backend : JwtValidateBenchmark.Backend.values()) {
      for (Keys keys : Keys.values()) {
        cases.add(new BenchmarkCase("JwtValidateBenchmark", backend.name(), keys, () -> {
          JwtValidateBenchmark b = new JwtValidateBenchmark();
          b.backend = backend;
          b.keys = keys;
          b.setUp();
          return body(b::validate, () -> b.tearDown(null));
        }));
      }
    }
    for (TokenBucketBackend backend : TokenBucketBackend.values()) {
      for (Keys keys : Keys.values()) {
        cases.add(new BenchmarkCase("TokenBucketBenchmark", backend.name(), keys, () -> {
          TokenBucketBenchmark b = new TokenBucketBenchmark();
          b.backend = backend;
          b.keys = keys;
          b.setUp();
          return body(b::tryAcquire, () -> b.tearDown(null));
        }));
      }
    }
    for (SlidingWindowBackend backend : SlidingWindowBackend.values()) {
      for (Keys keys : Keys.values()) {
        cases.add(new BenchmarkCase("SlidingWindowBenchmark", backend.name(), keys, () -> {
          SlidingWindowBenchmark b = new SlidingWindowBenchmark();
          b.backend = backend;
          b.keys = keys;
          b.setUp();
          return body(b::tryAcquire, () -> b.tearDown(null));
        }));
      }
    }
    return cases;
  }

  private static Body body(Supplier<Object> call, Runnable tearDown) {
    return new Body() {
      @Override
      public Object call() {
        return call.get();
      }

      @Override
      public void close() {
        tearDown.run();
      }
    };
  }
}
