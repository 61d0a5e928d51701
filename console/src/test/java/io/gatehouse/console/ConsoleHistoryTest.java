package io.gatehouse.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The console's last hour: intervals roll over on the clock, stay bounded, and summarize latency. */
class ConsoleHistoryTest {

  private final MutableClock clock = new MutableClock();
  private final ConsoleHistory history = new ConsoleHistory(clock);

  @Test
  void snapshot_countsTheOpenInterval() {
    history.login("ok");
    history.login("ok");
    history.login("failed");
    history.refusal("login-ip", false);
    history.refusal("login-ip", true);

    Map<String, Object> columns = history.snapshot().columns();

    assertThat(columns.get("times")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
    assertThat(columns.get("logins")).isEqualTo(Map.of("ok", List.of(2L), "failed", List.of(1L),
        "limited", List.of(0L)));
    assertThat(columns.get("refusals")).isEqualTo(Map.of("login-ip", List.of(1L), "login-ip (shadow)", List.of(1L)));
  }

  @Test
  void intervals_rollOverOnTheClock_everyIntervalOfTheLastHourIsShown() {
    long first = clock.millis() / 1000;
    history.login("ok");
    clock.advance(Duration.ofSeconds(ConsoleHistory.INTERVAL_SECONDS));
    history.login("failed");

    assertThat(history.snapshot().columns().get("logins")).isEqualTo(Map.of("ok", List.of(1L, 0L),
        "failed", List.of(0L, 1L), "limited", List.of(0L, 0L)));

    clock.advance(Duration.ofMinutes(2));
    Map<String, Object> columns = history.snapshot().columns();
    assertThat(columns.get("times")).as("quiet intervals too, so charts do not join distant points").asInstanceOf(InstanceOfAssertFactories.LIST)
        .hasSize(2 + 120 / ConsoleHistory.INTERVAL_SECONDS).startsWith(first);
    clock.advance(Duration.ofHours(1));
    columns = history.snapshot().columns();
    assertThat(columns.get("times")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(ConsoleHistory.SLOTS).doesNotContain(first);
    assertThat(((Map<?, ?>) columns.get("logins")).get("ok")).asInstanceOf(InstanceOfAssertFactories.LIST).containsOnly(0L);
  }

  @Test
  void ring_neverHoldsMoreThanAnHour() {
    for (int i = 0; i < ConsoleHistory.SLOTS * 2; i++) {
      history.login("ok");
      clock.advance(Duration.ofSeconds(ConsoleHistory.INTERVAL_SECONDS));
    }

    assertThat(history.snapshot().intervals()).hasSize(ConsoleHistory.SLOTS);
  }

  @Test
  void validations_perSecondAndPercentiles_perInterval() {
    for (int i = 1; i <= 100; i++) {
      history.validation(Duration.ofMillis(i));
    }
    clock.advance(Duration.ofSeconds(ConsoleHistory.INTERVAL_SECONDS));
    history.validation(Duration.ofMillis(3));

    ConsoleHistory.Interval closed = history.snapshot().intervals().get(0);
    assertThat(closed.validations).isEqualTo(100);
    assertThat(closed.p50).isBetween(49.9, 50.1);
    assertThat(closed.p99).isBetween(98.9, 99.1);
    ConsoleHistory.Interval open = history.snapshot().intervals().get(1);
    assertThat(open.p95).as("the closed interval's latencies are not counted again").isBetween(2.9, 3.1);
    assertThat(history.snapshot().columns().get("validationsPerSecond"))
        .isEqualTo(List.of(100.0 / ConsoleHistory.INTERVAL_SECONDS, 1.0 / ConsoleHistory.INTERVAL_SECONDS));
  }

  @Test
  void sample_addsFailovers_andTheModeCarriesOver() {
    history.sample(1, "DEGRADED", null);
    clock.advance(Duration.ofSeconds(ConsoleHistory.INTERVAL_SECONDS));
    history.sample(0, "DEGRADED", Duration.ofMillis(2));

    Map<String, Object> columns = history.snapshot().columns();
    assertThat(columns.get("failovers")).isEqualTo(List.of(1L, 0L));
    assertThat(columns.get("modes")).isEqualTo(List.of("DEGRADED", "DEGRADED"));
    assertThat(columns.get("redisLatencyMs")).isEqualTo(Arrays.asList(null, 2.0));
  }
}
