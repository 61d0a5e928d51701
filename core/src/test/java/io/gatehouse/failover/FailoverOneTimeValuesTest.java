package io.gatehouse.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.onetime.OneTimeValuesContract;
import io.gatehouse.testing.FakeClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The one-time value contract through the failover decorator while its primary answers; then an outage. */
class FailoverOneTimeValuesTest extends OneTimeValuesContract {

  private final FakeClock clock = new FakeClock();
  private final Failover failover =
      Failover.create(() -> Duration.ZERO, FailoverConfig.builder().clock(clock).deadline(Duration.ofMinutes(1)).build());
  private final OneTimeValues store = failover.oneTimeValues(OneTimeValues.inMemory(clock, 1_000));

  @AfterEach
  void close() {
    failover.close();
  }

  @Override
  protected OneTimeValues store() {
    return store;
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMinutes(1);
  }

  /** A primary that can be switched off, on real time (the probe runs on its own thread). */
  @Nested
  class DuringAnOutage {

    private final Outage outage = new Outage();
    private final OneTimeValues primary = OneTimeValues.inMemory(Clock.systemUTC(), 1_000);
    private final Failover watcher = Failover.create(outage.probe(), FailoverConfig.builder()
        .deadline(Duration.ofMillis(200)).probeInterval(Duration.ofMillis(10)).maxProbeInterval(Duration.ofMillis(40))
        .build());
    private final OneTimeValues values = watcher.oneTimeValues(outage.wrap(OneTimeValues.class, primary));

    @AfterEach
    void close() {
      watcher.close();
    }

    @Test
    void valueWrittenInMemory_isTakenOnce_afterRecovery() {
      outage.begin();
      values.put("state", "in memory", Duration.ofMinutes(10));
      assertThat(watcher.mode()).isEqualTo(FailoverMode.DEGRADED);
      assertThat(primary.get("state")).as("not written to the primary").isEmpty();

      outage.end();
      await().atMost(Duration.ofSeconds(5)).until(() -> watcher.mode() == FailoverMode.PRIMARY);

      assertThat(values.take("state")).contains("in memory");
      assertThat(values.take("state")).isEmpty();
    }

    @Test
    void valueOnThePrimary_isUnknownWhileItIsDown() {
      values.put("state", "shared", Duration.ofMinutes(10));
      outage.begin();

      assertThat(values.take("state")).isEmpty();

      outage.end();
      await().atMost(Duration.ofSeconds(5)).until(() -> watcher.mode() == FailoverMode.PRIMARY);
      assertThat(values.take("state")).as("still there for the flow to finish").contains("shared");
    }
  }
}
