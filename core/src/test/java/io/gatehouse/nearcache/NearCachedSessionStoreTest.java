package io.gatehouse.nearcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.session.LocalInvalidationChannel;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionStoreContract;
import io.gatehouse.session.SessionToken;
import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session contract through the near cache (on a real in-memory store that announces its revocations, on a fake
 * clock), then what the near cache itself promises: hits without the store, revocations honoured at once, no use
 * while the channel is down, bounded staleness, and coalesced sliding-expiry touches.
 */
class NearCachedSessionStoreTest extends SessionStoreContract {

  private static final Duration STALENESS = Duration.ofSeconds(30);

  private final FakeClock clock = new FakeClock();
  private final LocalInvalidationChannel channel = new LocalInvalidationChannel();
  private AnnouncingSessionStore backing;

  @Override
  protected SessionBackend newStore(SessionConfig config) {
    backing = new AnnouncingSessionStore(SessionBackend.inMemory(config.mutate().clock(clock).build()), channel);
    return NearCachedSessionStore.wrap(backing, channel, nearCache().build());
  }

  private NearCacheConfig.Builder nearCache() {
    return NearCacheConfig.builder().clock(clock).maxStaleness(STALENESS).touchInterval(Duration.ofSeconds(5));
  }

  @Override
  protected SessionBackend peerOf(SessionBackend store, SessionConfig config) {
    return NearCachedSessionStore.wrap(backing, channel, nearCache().build());
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

  private SessionBackend cached() {
    return newStore(config().build());
  }

  @Test
  void validate_again_isAnsweredWithoutTheStore() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    Session first = store.validate(token).orElseThrow();
    clock.advance(Duration.ofSeconds(10));

    Session second = store.validate(token).orElseThrow();

    assertThat(backing.validations).hasValue(1);
    assertThat(second.lastSeenAt()).isEqualTo(first.lastSeenAt().plusSeconds(10));
    assertThat(second.expiresAt()).isEqualTo(first.expiresAt().plusSeconds(10));
  }

  @Test
  void revocation_announcedByAnotherInstance_isRejectedAtOnce() {
    SessionBackend a = cached();
    SessionBackend b = peerOf(a, config().build());
    SessionToken token = a.create("alice", Map.of()).token();
    assertThat(b.validate(token)).isPresent();

    a.revoke(token);

    assertThat(b.validate(token)).isEmpty();
  }

  @Test
  void revokeAll_announcedByAnotherInstance_isRejectedAtOnce() {
    SessionBackend a = cached();
    SessionBackend b = peerOf(a, config().build());
    SessionToken alice = a.create("alice", Map.of()).token();
    SessionToken bob = a.create("bob", Map.of()).token();
    b.validate(alice);
    b.validate(bob);

    a.revokeAll("alice");

    assertThat(b.validate(alice)).isEmpty();
    assertThat(b.validate(bob)).isPresent();
  }

  @Test
  void channelDown_everyValidationAsksTheStore() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    store.validate(token);
    channel.disconnect();

    store.validate(token);
    store.validate(token);

    assertThat(backing.validations).hasValue(3);
  }

  @Test
  void revocationLostWhileChannelDown_isNeverServedFromTheCache() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    store.validate(token);
    channel.disconnect();
    backing.revoke(token.sessionId());   // announced while down: lost
    assertThat(store.validate(token)).isEmpty();

    channel.connect();

    assertThat(store.validate(token)).isEmpty();
  }

  @Test
  void sessionsCachedBeforeAReconnect_areAskedAgain() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    store.validate(token);

    channel.disconnect();
    channel.connect();
    store.validate(token);

    assertThat(backing.validations).hasValue(2);
  }

  @Test
  void revocationArrivingWhileAValidationIsInFlight_doesNotFillTheCache() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    // The store answers "valid", then the revocation is made and announced before the answer is cached.
    backing.duringValidation.set(() -> {
      backing.duringValidation.set(() -> {});
      backing.revoke(token.sessionId());
    });

    assertThat(store.validate(token)).isPresent();

    assertThat(store.validate(token)).isEmpty();
  }

  @Test
  void validate_afterMaxStaleness_asksTheStoreAgain() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    store.validate(token);

    clock.advance(STALENESS);
    store.validate(token);

    assertThat(backing.validations).hasValue(2);
  }

  @Test
  void validate_isNeverAnsweredPastTheSessionsOwnDeadline() {
    SessionBackend store = newStore(config().idleTimeout(Duration.ofSeconds(20))
        .absoluteTimeout(Duration.ofSeconds(20)).build());
    SessionToken token = store.create("alice", Map.of()).token();
    store.validate(token);

    clock.advance(Duration.ofSeconds(20));

    assertThat(store.validate(token)).isEmpty();
    assertThat(backing.validations).hasValue(2);
  }

  @Test
  void validate_clockWentBack_asksTheStore() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    clock.advance(Duration.ofSeconds(10));
    store.validate(token);

    FakeClock earlier = clock;
    earlier.advance(Duration.ofSeconds(-5));
    store.validate(token);

    assertThat(backing.validations).hasValue(2);
  }

  @Test
  void hits_touchTheStoreAtMostOncePerInterval() {
    SessionBackend store = cached();
    SessionToken token = store.create("alice", Map.of()).token();
    store.validate(token);
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(1));
      store.validate(token);
    }

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(backing.touches).hasValue(4));
    assertThat(backing.validations).hasValue(1);
  }

  @Test
  void config_rejectsBadValues() {
    assertThatThrownBy(() -> NearCacheConfig.builder().maxStaleness(Duration.ZERO))
        .hasMessage("maxStaleness must be a positive duration, got PT0S");
    assertThatThrownBy(() -> NearCacheConfig.builder().maxStaleness(Duration.ofMinutes(2)))
        .hasMessage("maxStaleness must be at most PT1M, got PT2M");
    assertThatThrownBy(() -> NearCacheConfig.builder().maxEntries(0))
        .hasMessage("maxEntries must be at least 1, got 0");
  }
}
