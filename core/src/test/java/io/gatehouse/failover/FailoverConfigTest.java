package io.gatehouse.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverConfigTest {

  @Test
  void defaults_probeSoon_andCapTheIntervalShort() {
    FailoverConfig config = FailoverConfig.create();

    assertThat(config.deadline()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.probeInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.maxProbeInterval()).isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void maxProbeInterval_unset_followsALongerProbeInterval() {
    FailoverConfig config = FailoverConfig.builder().probeInterval(Duration.ofSeconds(1)).build();

    assertThat(config.maxProbeInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void maxProbeInterval_zero() {
    assertThatThrownBy(() -> FailoverConfig.builder().maxProbeInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover max probe interval must be a positive duration, got PT0S");
  }

  @Test
  void maxProbeInterval_overAMinute() {
    assertThatThrownBy(() -> FailoverConfig.builder().maxProbeInterval(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover max probe interval must be at most PT1M (instances stay in memory that long after the "
            + "primary returns), got PT2M");
  }

  @Test
  void maxProbeInterval_shorterThanTheProbeInterval() {
    assertThatThrownBy(() -> FailoverConfig.builder().probeInterval(Duration.ofMillis(500))
        .maxProbeInterval(Duration.ofMillis(250)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover max probe interval must not be shorter than the probe interval, got "
            + "maxProbeInterval=PT0.25S and probeInterval=PT0.5S");
  }

  @Test
  void mutate_keepsEverySetting() {
    FailoverConfig config = FailoverConfig.builder().deadline(Duration.ofMillis(100))
        .probeInterval(Duration.ofMillis(50)).maxProbeInterval(Duration.ofMillis(400)).build();

    assertThat(config.mutate().build()).hasToString(config.toString());
  }
}
