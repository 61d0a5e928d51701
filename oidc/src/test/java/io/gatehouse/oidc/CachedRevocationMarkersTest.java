package io.gatehouse.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.testing.FakeClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The marker cache against a real in-memory session store, on fake time, with background reads queued until the
 * test runs them: a check answers from the cache and never waits once warm; a read the store cannot answer keeps
 * the last known marker.
 */
class CachedRevocationMarkersTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder().clock(clock).build());
  private final AtomicBoolean down = new AtomicBoolean();
  private final SessionStore store = failingWhileDown(sessions);
  private final Queue<Runnable> background = new ArrayDeque<>();
  private volatile boolean direct;
  private final Executor queued = task -> {
    if (direct) {
      task.run();
    } else {
      background.add(task);
    }
  };

  private CachedRevocationMarkers markers(Executor executor) {
    return new CachedRevocationMarkers(store, RevocationCheckConfig.builder()
        .executor(executor).ticker(() -> clock.instant().toEpochMilli() * 1_000_000L).build());
  }

  private void runBackground() {
    while (!background.isEmpty()) {
      background.poll().run();
    }
  }

  @Test
  void firstSight_readsOnce_thenAnswersFromTheCache() {
    CachedRevocationMarkers markers = markers(Runnable::run);
    assertThat(markers.notValidBefore("alice")).isEmpty();
    assertThat(markers.notValidBefore("alice")).isEmpty();
    clock.advance(Duration.ofMillis(900));
    assertThat(markers.notValidBefore("alice")).isEmpty();
    assertThat(markers.reads()).isOne();
  }

  @Test
  void revokeAll_isSeenAfterTheRefreshInterval_withoutTheCheckWaitingForIt() {
    CachedRevocationMarkers markers = markers(queued);
    direct = true;
    assertThat(markers.notValidBefore("alice")).isEmpty();
    direct = false;
    sessions.revokeAll("alice");
    Instant marker = sessions.notValidBefore("alice").orElseThrow();

    clock.advance(Duration.ofMillis(999));
    assertThat(markers.notValidBefore("alice")).as("within the refresh interval").isEmpty();
    clock.advance(Duration.ofMillis(2));
    assertThat(markers.notValidBefore("alice")).as("refresh started, old value answered at once").isEmpty();
    assertThat(background).isNotEmpty();
    runBackground();
    assertThat(markers.notValidBefore("alice")).contains(marker);
    assertThat(markers.reads()).isEqualTo(2);
  }

  @Test
  void beyondMaxAge_theCheckWaitsForAFreshRead() {
    CachedRevocationMarkers markers = markers(Runnable::run);
    assertThat(markers.notValidBefore("alice")).isEmpty();
    sessions.revokeAll("alice");
    clock.advance(Duration.ofSeconds(2));
    assertThat(markers.notValidBefore("alice")).isPresent();
  }

  @Test
  void storeDown_keepsTheLastKnownMarker_andNoneForANewSubject() {
    CachedRevocationMarkers markers = markers(Runnable::run);
    sessions.revokeAll("alice");
    Instant marker = markers.notValidBefore("alice").orElseThrow();

    down.set(true);
    clock.advance(Duration.ofMinutes(5));
    assertThat(markers.notValidBefore("alice")).as("last known").contains(marker);
    assertThat(markers.notValidBefore("bob")).as("never read: fails open, as the failover does").isEmpty();
    assertThat(markers.unknownAnswers()).isOne();

    down.set(false);
    clock.advance(Duration.ofSeconds(3));
    sessions.revokeAll("bob");
    assertThat(markers.notValidBefore("bob")).isPresent();
  }

  @Test
  void slowFirstRead_theCheckGoesOnAfterTheTimeout_andTheReadStillLands() {
    CachedRevocationMarkers markers = markers(queued);   // never run: a read that does not come back in time
    sessions.revokeAll("alice");
    long start = System.nanoTime();
    assertThat(markers.notValidBefore("alice")).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(RevocationCheckConfig.DEFAULT_READ_TIMEOUT,
        Duration.ofSeconds(5));
    runBackground();
    assertThat(markers.notValidBefore("alice")).isPresent();
  }

  @Test
  void revoked_comparesIssuedAtWithTheMarker() {
    CachedRevocationMarkers markers = markers(Runnable::run);
    assertThat(markers.revoked("alice", null)).as("no marker: nothing is revoked").isFalse();
    clock.advance(Duration.ofSeconds(3));
    sessions.revokeAll("alice");
    Instant marker = sessions.notValidBefore("alice").orElseThrow();
    // iat has whole seconds: a token issued in the revoke-all's second, even just after it, cannot show it is newer.
    Date sameSecond = Date.from(marker.plusMillis(500).truncatedTo(ChronoUnit.SECONDS));
    assertThat(markers.revoked("alice", Date.from(marker.minusSeconds(1)))).isTrue();
    assertThat(markers.revoked("alice", Date.from(marker.plusSeconds(1)))).isFalse();
    assertThat(markers.revoked("alice", sameSecond)).isTrue();
    assertThat(markers.revoked("alice", null)).as("no iat after a revoke-all").isTrue();
    assertThat(markers.revoked("x".repeat(SessionConfig.MAX_SUBJECT_LENGTH + 1), null)).isFalse();
  }

  @Test
  void config_refusesBadValues_quotingThem() {
    assertThatThrownBy(() -> RevocationCheckConfig.builder().refreshInterval(Duration.ZERO))
        .hasMessage("refreshInterval must be a positive duration like 1s or 500ms, got PT0S");
    assertThatThrownBy(() -> RevocationCheckConfig.builder().maxSubjects(0))
        .hasMessage("maxSubjects must be at least 1, got 0");
    assertThatThrownBy(() -> RevocationCheckConfig.builder().refreshInterval(Duration.ofSeconds(2)).build())
        .hasMessage("refreshInterval (PT2S) must be shorter than maxAge (PT2S)");
  }

  private SessionStore failingWhileDown(SessionStore target) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
        new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
          if (down.get() && method.getName().equals("notValidBefore")) {
            throw new StoreUnavailableException("test outage", null);
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
