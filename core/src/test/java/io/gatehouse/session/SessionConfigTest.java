package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionConfigTest {

  @Test
  void defaults() {
    SessionConfig config = SessionConfig.create();
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.absoluteTimeout()).isEqualTo(Duration.ofHours(12));
    assertThat(config.maxSessionsPerSubject()).isEqualTo(50).isEqualTo(SessionConfig.DEFAULT_MAX_SESSIONS_PER_SUBJECT);
  }

  @Test
  void idleTimeout_negative() {
    assertThatThrownBy(() -> SessionConfig.builder().idleTimeout(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout must be a positive duration, got PT-5S");
  }

  @Test
  void absoluteTimeout_shorterThanIdle() {
    assertThatThrownBy(() -> SessionConfig.builder().idleTimeout(Duration.ofHours(2))
        .absoluteTimeout(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("absoluteTimeout must not be shorter than idleTimeout, got absoluteTimeout=PT1H and idleTimeout=PT2H");
  }

  @Test
  void maxSessionsPerSubject_negative() {
    assertThatThrownBy(() -> SessionConfig.builder().maxSessionsPerSubject(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSessionsPerSubject must be at least 0, got -1");
  }

  @Test
  void maxSessionsPerSubject_unlimited() {
    SessionConfig config = SessionConfig.builder().maxSessionsPerSubject(SessionConfig.UNLIMITED).build();
    assertThat(config.maxSessionsPerSubject()).isZero();
    assertThat(config.toString()).contains("maxSessionsPerSubject=unlimited");
  }

  @Test
  void checkListLimit_outOfRange() {
    assertThat(SessionConfig.checkListLimit(1)).isEqualTo(1);
    assertThat(SessionConfig.checkListLimit(1000)).isEqualTo(1000);
    assertThatThrownBy(() -> SessionConfig.checkListLimit(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("list limit must be from 1 to 1000, got -5");
  }

  @Test
  void mutate_keepsValues() {
    SessionConfig config = SessionConfig.builder().idleTimeout(Duration.ofMinutes(5)).maxSessionsPerSubject(3).build();
    SessionConfig copy = config.mutate().build();
    assertThat(copy.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(copy.maxSessionsPerSubject()).isEqualTo(3);
  }

  @Test
  void touchInterval_defaultsToATenthOfIdle_boundedByOneSecondAndHalfOfIdle() {
    assertThat(SessionConfig.create().touchInterval()).isEqualTo(Duration.ofMinutes(3));
    assertThat(SessionConfig.builder().idleTimeout(Duration.ofSeconds(5)).build().touchInterval())
        .as("a tenth would be 500 ms").isEqualTo(Duration.ofSeconds(1));
    assertThat(SessionConfig.builder().idleTimeout(Duration.ofMillis(500)).build().touchInterval())
        .as("1 s would exceed half of idle").isEqualTo(Duration.ofMillis(250));
    assertThat(SessionConfig.create().toString()).contains("touchInterval=PT3M (default)");
  }

  @Test
  void touchInterval_followsTheIdleTimeoutThroughMutate_unlessSet() {
    SessionConfig derived = SessionConfig.create().mutate().idleTimeout(Duration.ofMinutes(60)).build();
    assertThat(derived.touchInterval()).isEqualTo(Duration.ofMinutes(6));
    SessionConfig set = SessionConfig.builder().touchInterval(Duration.ofSeconds(10)).build();
    assertThat(set.mutate().idleTimeout(Duration.ofMinutes(60)).build().touchInterval())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(SessionConfig.builder().touchInterval(Duration.ZERO).build().touchInterval()).isZero();
  }

  @Test
  void touchInterval_negative() {
    assertThatThrownBy(() -> SessionConfig.builder().touchInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("touchInterval must be zero or a positive duration, got PT-1S");
  }

  @Test
  void touchInterval_longerThanHalfOfIdle() {
    assertThatThrownBy(() -> SessionConfig.builder().idleTimeout(Duration.ofMinutes(30))
        .touchInterval(Duration.ofMinutes(20)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("touchInterval must be at most half the idleTimeout, got touchInterval=PT20M and idleTimeout=PT30M");
  }
}
