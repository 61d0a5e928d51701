package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session contract on the in-memory store, on a fake clock; plus what only memory has: its bound. */
class InMemorySessionStoreTest extends SessionStoreContract {

  private final FakeClock clock = new FakeClock();

  @Override
  protected SessionBackend newStore(SessionConfig config) {
    return SessionBackend.inMemory(config.mutate().clock(clock).build());
  }

  @Override
  protected SessionBackend peerOf(SessionBackend store, SessionConfig config) {
    return store;
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

  @Test
  void store_isBoundedByMaxInMemorySessions() {
    SessionStore store = newStore(config().maxInMemorySessions(100).build());
    for (int i = 0; i < 1_000; i++) {
      store.create("user-" + i, Map.of());
    }
    int live = 0;
    for (int i = 0; i < 1_000; i++) {
      live += store.list("user-" + i).size();
    }
    assertThat(live).isLessThanOrEqualTo(100).isPositive();
  }
}
