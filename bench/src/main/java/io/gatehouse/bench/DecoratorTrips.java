package io.gatehouse.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JMH cases during which a failover decorator left PRIMARY mode. Their figures are not PRIMARY-mode figures; the
 * report marks them. (The run's JMH cases share its JVM, so a static set carries this to the report.)
 */
final class DecoratorTrips {

  private static final Set<String> TRIPPED = ConcurrentHashMap.newKeySet();

  private DecoratorTrips() {}

  /** Called at a case's tear-down with its contender's failover count; {@code params} is null outside JMH. */
  static void check(long failovers, BenchmarkParams params) {
    if (failovers == 0) {
      return;
    }
    if (params == null) {
      System.err.printf("[bench] the failover decorator left PRIMARY %d time(s)%n", failovers);
      return;
    }
    String key = JmhSuite.Figure.key(params);
    TRIPPED.add(key);
    System.err.printf("[bench] %s: the failover decorator left PRIMARY %d time(s) during the measurement%n", key,
        failovers);
  }

  /** Whether the case with this {@link JmhSuite.Figure#key()} tripped. */
  static boolean tripped(String key) {
    return TRIPPED.contains(key);
  }
}
