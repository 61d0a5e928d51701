package io.gatehouse.failover;

import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionStoreContract;
import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;

/** The session contract holds through the failover decorator while its primary answers. */
class FailoverSessionStoreTest extends SessionStoreContract {

  private final FakeClock clock = new FakeClock();
  private final Failover failover =
      Failover.create(() -> Duration.ZERO, FailoverConfig.builder().clock(clock).deadline(Duration.ofMinutes(1)).build());
  private SessionStore primary;

  @Override
  protected SessionStore newStore(SessionConfig config) {
    primary = SessionStore.inMemory(config.mutate().clock(clock).build());
    return failover.sessionStore(primary, config);
  }

  @Override
  protected SessionStore peerOf(SessionStore store, SessionConfig config) {
    return failover.sessionStore(primary, config);
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
