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
}
