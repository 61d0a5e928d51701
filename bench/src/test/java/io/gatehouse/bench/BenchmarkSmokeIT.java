package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The smoke test that {@code mvn verify} runs instead of the benchmarks: every benchmark body, set up as JMH sets it
 * up, called a few times against a redis-server of its own. Seconds, not minutes; it measures nothing.
 */
class BenchmarkSmokeIT {

  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.create().start();
    System.setProperty(BenchRedis.URI_PROPERTY, redis.uri());
  }

  @AfterAll
  static void stopRedis() {
    System.clearProperty(BenchRedis.URI_PROPERTY);
    redis.close();
  }

  @TestFactory
  List<DynamicTest> every_benchmark_body_runs() {
    return BenchmarkCase.all(50).stream()
        .map(benchmarkCase -> DynamicTest.dynamicTest(benchmarkCase.toString(), () -> {
          try (BenchmarkCase.Body body = benchmarkCase.open().get()) {
            for (int i = 0; i < 3; i++) {
              Object result = body.call();
              assertThat(result).isNotNull();
              if (result instanceof Optional<?> session) {
                assertThat(session).as("a session the benchmark created validates").isPresent();
              }
            }
          }
        }))
        .toList();
  }

  @Test
  void validate_sendsHgetallAndGet_noScript() {
    BenchmarkCase validate = BenchmarkCase.all(50).stream()
        .filter(c -> c.operation().equals("SessionValidateBenchmark.validate") && c.backend().equals("GATEHOUSE")
            && c.keys() == Keys.RANDOM_10K)
        .findFirst().orElseThrow();

    CommandCensus.Count count = new CommandCensus(redis.uri()).count(validate, 20);

    // HGETALL of the session and GET of the subject's revoke-all marker, sent back to back (one wait); the refresh
    // script is not due within the touch interval.
    assertThat(count.roundTrips()).isEqualTo(2.0);
    assertThat(count.perCommand()).containsOnlyKeys("hgetall", "get").containsEntry("hgetall", 1.0)
        .containsEntry("get", 1.0);
  }

  @Test
  void failover_overhead_bodies_run() {
    for (String path : List.of("DIRECT", "DECORATED")) {
      FailoverOverheadBenchmark benchmark = new FailoverOverheadBenchmark();
      benchmark.path = path;
      benchmark.setUp();
      try {
        assertThat((Optional<?>) benchmark.validate()).isPresent();
        assertThat(benchmark.tryAcquire()).isNotNull();
      } finally {
        benchmark.tearDown();
      }
    }
  }
}
