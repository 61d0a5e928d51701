package io.gatehouse.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The top limited keys: most refused first, shadow apart, an hour long, bounded per minute. */
class LimitedKeysTest {

  private final MutableClock clock = new MutableClock();
  private final LimitedKeys keys = new LimitedKeys(clock);

  @Test
  void top_mostRefusedFirst_shadowCountedApart() {
    keys.refused("login-ip", "ip4:10.0.0.1", false);
    keys.refused("login-ip", "ip4:10.0.0.2", false);
    keys.refused("login-ip", "ip4:10.0.0.2", false);
    keys.refused("login-ip", "ip4:10.0.0.2", true);

    assertThat(keys.top(10)).containsExactly(
        new LimitedKeys.Top("login-ip", "ip4:10.0.0.2", false, 2),
        new LimitedKeys.Top("login-ip", "ip4:10.0.0.1", false, 1),
        new LimitedKeys.Top("login-ip", "ip4:10.0.0.2", true, 1));
    assertThat(keys.top(1)).hasSize(1);
  }

  @Test
  void top_sumsTheMinutesOfTheLastHour_only() {
    keys.refused("api", "ip4:10.0.0.1", false);
    clock.advance(Duration.ofMinutes(30));
    keys.refused("api", "ip4:10.0.0.1", false);

    assertThat(keys.top(10)).containsExactly(new LimitedKeys.Top("api", "ip4:10.0.0.1", false, 2));
    clock.advance(Duration.ofMinutes(31));
    assertThat(keys.top(10)).containsExactly(new LimitedKeys.Top("api", "ip4:10.0.0.1", false, 1));
    clock.advance(Duration.ofMinutes(30));
    assertThat(keys.top(10)).isEmpty();
  }

  @Test
  void aMinute_holdsABoundedNumberOfKeys_butKeepsCountingTheOnesItHas() {
    for (int i = 0; i < LimitedKeys.KEYS_PER_MINUTE + 50; i++) {
      keys.refused("api", "ip4:10.0." + (i / 256) + "." + (i % 256), false);
    }
    keys.refused("api", "ip4:10.0.0.0", false);

    assertThat(keys.top(Integer.MAX_VALUE)).hasSize(LimitedKeys.KEYS_PER_MINUTE);
    assertThat(keys.top(1)).containsExactly(new LimitedKeys.Top("api", "ip4:10.0.0.0", false, 2));
  }
}
