package io.gatehouse.failover;

import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionStoreContract;
import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The session contract holds through the failover decorator while its primary answers. The decorator implements
 * the back-end SPI too (write-back included), so the cast is to the type it is.
 */
class FailoverSessionStoreTest extends SessionStoreContract {

  private final FakeClock clock = new FakeClock();
  private final Failover failover =
      Failover.create(() -> Duration.ZERO, FailoverConfig.builder().clock(clock).deadline(Duration.ofMinutes(1)).build());
  private SessionBackend primary;

  @Override
  protected SessionBackend newStore(SessionConfig config) {
    primary = SessionBackend.inMemory(config.mutate().clock(clock).build());
    return (SessionBackend) failover.sessionStore(primary, config);
  }

  @Override
  protected SessionBackend peerOf(SessionBackend store, SessionConfig config) {
    return (SessionBackend) failover.sessionStore(primary, config);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMinutes(1);
  }
}
