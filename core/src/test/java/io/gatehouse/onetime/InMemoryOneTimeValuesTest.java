package io.gatehouse.onetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one-time value contract in memory, on a fake clock; plus its bound. */
class InMemoryOneTimeValuesTest extends OneTimeValuesContract {

  private final FakeClock clock = new FakeClock();
  private final OneTimeValues store = OneTimeValues.inMemory(clock, 1_000);

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

  @Test
  void store_isBoundedByMaxEntries() {
    OneTimeValues small = OneTimeValues.inMemory(clock, 10);
    for (int i = 0; i < 100; i++) {
      small.put("k" + i, "v", Duration.ofMinutes(10));
    }
    int live = 0;
    for (int i = 0; i < 100; i++) {
      live += small.get("k" + i).isPresent() ? 1 : 0;
    }
    assertThat(live).isLessThanOrEqualTo(10).isPositive();
  }
}
