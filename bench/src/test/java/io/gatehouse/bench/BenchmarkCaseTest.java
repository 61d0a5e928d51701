package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The census and the smoke test run exactly the cases JMH measures. */
class BenchmarkCaseTest {

  @Test
  void cases_match_the_jmh_parameters() throws ReflectiveOperationException {
    List<BenchmarkCase> cases = BenchmarkCase.all(1);
    for (Class<?> benchmark : List.of(SessionValidateBenchmark.class, SessionCreateBenchmark.class,
        SessionRevokeBenchmark.class, JwtValidateBenchmark.class, TokenBucketBenchmark.class,
        SlidingWindowBenchmark.class)) {
      Set<String> backends = Set.of(benchmark.getField("backend").getAnnotation(Param.class).value());
      Set<String> keys = hasKeys(benchmark)
          ? Set.of(benchmark.getField("keys").getAnnotation(Param.class).value()) : Set.of("-");
      Set<String> expected = backends.stream().flatMap(b -> keys.stream().map(k -> b + "/" + k))
          .collect(Collectors.toSet());

      Set<String> covered = cases.stream().filter(c -> c.benchmark().equals(benchmark.getSimpleName()))
          .map(c -> c.backend() + "/" + (c.keys() == null ? "-" : c.keys().name())).collect(Collectors.toSet());

      assertThat(covered).as(benchmark.getSimpleName()).isEqualTo(expected);
    }
  }

  @Test
  void every_benchmark_class_is_in_the_suite() {
    assertThat(JmhSuite.BENCHMARKS).containsExactlyInAnyOrder("SessionValidateBenchmark", "SessionCreateBenchmark",
        "SessionRevokeBenchmark", "JwtValidateBenchmark", "TokenBucketBenchmark", "SlidingWindowBenchmark",
        "FailoverOverheadBenchmark");
  }

  private static boolean hasKeys(Class<?> benchmark) {
    return Arrays.stream(benchmark.getFields()).anyMatch(f -> f.getName().equals("keys"));
  }
}
