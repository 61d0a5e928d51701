package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionBackend} must have. Each implementation's test extends this class and says how
 * to build a store and how to let time pass; the tests are the same for all.
 *
 * <p>Durations are multiples of {@link #unit()}, so a store on real time (Redis) can use short ones and a store
 * on a fake clock long ones.
 */
public abstract class SessionStoreContract {

  private final List<SessionBackend> opened = new ArrayList<>();

  /** A new, empty store with these settings. The contract closes it after each test. */
  protected abstract SessionBackend newStore(SessionConfig config);

  /**
   * A second store on the same backing data as {@code store}, as another application instance would have (its
   * own connection, for a remote store). An in-memory store may return {@code store} itself.
   */
  protected abstract SessionBackend peerOf(SessionBackend store, SessionConfig config);

  /** Lets at least {@code duration} pass on the store's clock. */
  protected abstract void elapse(Duration duration);

  /** The store's current time. */
  protected abstract Instant now();

  /** The time unit of the expiry tests: long enough for a store round trip to be negligible against it. */
  protected abstract Duration unit();

  /** The config the tests start from: idle timeout 10 units, absolute lifetime 100 units. */
  protected SessionConfig.Builder config() {
    return SessionConfig.builder().idleTimeout(unit().multipliedBy(10)).absoluteTimeout(unit().multipliedBy(100));
  }

  private SessionBackend store(SessionConfig config) {
    SessionBackend store = newStore(config);
    opened.add(store);
    return store;
  }

  private SessionBackend store() {
    return store(config().build());
  }

  @AfterEach
  void closeStores() {
    opened.forEach(SessionBackend::close);
  }

  @Test
  void create_returnsTokenThatValidates() {
    SessionBackend store = store();
    CreatedSession created = store.create("alice", Map.of("role", "admin", "ip", "10.1.2.3"));

    assertThat(created.token().value()).hasSize(SessionToken.LENGTH).matches("[A-Za-z0-9_-]+");
    assertThat(created.session().id()).isEqualTo(created.token().sessionId());
    assertThat(created.token().value()).doesNotContain(created.session().id().value().substring(SessionId.TAG_LENGTH));

    Session valid = store.validate(created.token().value()).orElseThrow();
    assertThat(valid.id()).isEqualTo(created.session().id());
    assertThat(valid.subject()).isEqualTo("alice");
    assertThat(valid.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("role", "admin", "ip", "10.1.2.3"));
    assertThat(valid.createdAt()).isEqualTo(created.session().createdAt());
    assertThat(valid.absoluteExpiresAt()).isEqualTo(valid.createdAt().plus(unit().multipliedBy(100)));
    assertThat(valid.expiresAt()).isEqualTo(valid.lastSeenAt().plus(unit().multipliedBy(10)));
  }

  @Test
  void create_tokensAreUniquePerSession() {
    SessionBackend store = store();
    CreatedSession first = store.create("alice", Map.of());
    CreatedSession second = store.create("alice", Map.of());
    assertThat(first.token()).isNotEqualTo(second.token());
    assertThat(first.session().id()).isNotEqualTo(second.session().id());
    assertThat(store.validate(first.token()).orElseThrow().id()).isEqualTo(first.session().id());
    assertThat(store.validate(second.token()).orElseThrow().id()).isEqualTo(second.session().id());
  }

  @Test
  void validate_unknownToken_isEmpty() {
    SessionBackend store = store();
    store.create("alice", Map.of());
    SessionToken stranger = SessionToken.generate("alice", new java.security.SecureRandom());
    assertThat(store.validate(stranger)).isEmpty();
  }

  @Test
  void validate_malformedTokens_areEmptyWithoutException() {
    SessionBackend store = store();
    String valid = store.create("alice", Map.of()).token().value();
    List<String> malformed = new ArrayList<>(List.of("", " ", "null", valid.substring(1), valid + "A",
        valid.substring(1) + "!", valid.substring(1) + "=", valid.substring(1) + "é", "x".repeat(300),
        "a".repeat(10_000), valid.substring(1) + "\n", "../../etc/passwd", "{" + valid.substring(2) + "}"));
    malformed.add(null);
    for (String token : malformed) {
      assertThat(store.validate(token)).as("token %s", token).isEmpty();
    }
    assertThat(store.validate(valid)).isPresent();
  }

  @Test
  void validate_slidesIdleExpiry() {
    SessionBackend store = store();
    CreatedSession created = store.create("alice", Map.of());
    Session before = created.session();

    elapse(unit().multipliedBy(6));
    Session touched = store.validate(created.token()).orElseThrow();
    assertThat(touched.lastSeenAt()).isAfter(before.lastSeenAt());
    assertThat(touched.expiresAt()).isAfter(before.expiresAt());

    elapse(unit().multipliedBy(6));
    assertThat(store.validate(created.token())).as("12 units after creation, 6 after last use").isPresent();
  }

  @Test
  void validate_afterIdleTimeout_isEmpty() {
    SessionBackend store = store();
    CreatedSession created = store.create("alice", Map.of());
    elapse(unit().multipliedBy(11));
    assertThat(store.validate(created.token())).isEmpty();
    assertThat(store.list("alice")).isEmpty();
  }

  @Test
  void validate_afterAbsoluteLifetime_isEmptyEvenIfActive() {
    SessionBackend store = store(config().absoluteTimeout(unit().multipliedBy(15)).build());
    CreatedSession created = store.create("alice", Map.of());
    elapse(unit().multipliedBy(8));
    Session touched = store.validate(created.token()).orElseThrow();
    assertThat(touched.expiresAt()).as("the absolute deadline caps the idle one")
        .isEqualTo(touched.absoluteExpiresAt());
    elapse(unit().multipliedBy(8));
    assertThat(store.validate(created.token())).isEmpty();
  }

  @Test
  void revoke_byToken() {
    SessionBackend store = store();
    CreatedSession created = store.create("alice", Map.of());
    CreatedSession other = store.create("alice", Map.of());
    assertThat(store.revoke(created.token())).isTrue();
    assertThat(store.validate(created.token())).isEmpty();
    assertThat(store.revoke(created.token())).as("already revoked").isFalse();
    assertThat(store.validate(other.token())).isPresent();
  }

  @Test
  void revoke_byId() {
    SessionBackend store = store();
    CreatedSession created = store.create("alice", Map.of());
    assertThat(store.revoke(created.session().id())).isTrue();
    assertThat(store.validate(created.token())).isEmpty();
    assertThat(store.list("alice")).isEmpty();
  }

  @Test
  void revokeAll_revokesOnlyThatSubject() {
    SessionBackend store = store();
    CreatedSession a1 = store.create("alice", Map.of());
    CreatedSession a2 = store.create("alice", Map.of());
    CreatedSession b = store.create("bob", Map.of());

    assertThat(store.revokeAll("alice")).isEqualTo(2);
    assertThat(store.validate(a1.token())).isEmpty();
    assertThat(store.validate(a2.token())).isEmpty();
    assertThat(store.validate(b.token())).isPresent();
    assertThat(store.revokeAll("alice")).isZero();

    CreatedSession after = store.create("alice", Map.of());
    assertThat(store.validate(after.token())).as("a session created after revoke-all").isPresent();
    assertThat(store.list("alice")).extracting(Session::id).containsExactly(after.session().id());
  }

  @Test
  void list_returnsLiveSessionsOldestFirstWithoutExtendingThem() {
    SessionBackend store = store();
    CreatedSession first = store.create("alice", Map.of("device", "phone"));
    elapse(unit());
    CreatedSession second = store.create("alice", Map.of("device", "laptop"));
    CreatedSession revoked = store.create("alice", Map.of());
    store.revoke(revoked.token());
    store.create("bob", Map.of());

    List<Session> sessions = store.list("alice");
    assertThat(sessions).extracting(Session::id).containsExactly(first.session().id(), second.session().id());
    assertThat(sessions.get(0).attributes()).containsExactlyEntriesOf(Map.of("device", "phone"));
    assertThat(sessions.get(0).lastSeenAt()).isEqualTo(first.session().lastSeenAt());
    assertThat(store.list("carol")).isEmpty();
  }

  @Test
  void create_beyondCap_revokesOldest() {
    SessionBackend store = store(config().maxSessionsPerSubject(2).build());
    CreatedSession first = store.create("alice", Map.of());
    elapse(unit());
    CreatedSession second = store.create("alice", Map.of());
    elapse(unit());
    CreatedSession third = store.create("alice", Map.of());

    assertThat(store.validate(first.token())).isEmpty();
    assertThat(store.validate(second.token())).isPresent();
    assertThat(store.validate(third.token())).isPresent();
    assertThat(store.list("alice")).extracting(Session::id)
        .containsExactly(second.session().id(), third.session().id());
    assertThat(store.create("bob", Map.of())).as("the cap is per subject").isNotNull();
  }

  @Test
  void create_beyondCap_revokesOldest_evenWhenCreatedInTheSameInstant() {
    SessionBackend store = store(config().maxSessionsPerSubject(2).build());
    CreatedSession first = store.create("alice", Map.of());
    CreatedSession second = store.create("alice", Map.of());
    CreatedSession third = store.create("alice", Map.of());
    CreatedSession fourth = store.create("alice", Map.of());
    assertThat(store.validate(first.token())).isEmpty();
    assertThat(store.validate(second.token())).isEmpty();
    assertThat(store.list("alice")).extracting(Session::id)
        .containsExactly(third.session().id(), fourth.session().id());
  }

  @Test
  void create_withTheDefaultCap_keepsTheNewest50SessionsOfASubject() {
    SessionBackend store = store();
    List<CreatedSession> created = new ArrayList<>();
    for (int i = 0; i <= SessionConfig.DEFAULT_MAX_SESSIONS_PER_SUBJECT; i++) {
      created.add(store.create("alice", Map.of()));
    }
    assertThat(store.validate(created.get(0).token())).as("the oldest, revoked to make room").isEmpty();
    assertThat(store.validate(created.get(1).token())).isPresent();
    assertThat(store.list("alice")).extracting(Session::id)
        .containsExactlyElementsOf(ids(created.subList(1, created.size())));
  }

  @Test
  void create_atTheCap_expiredSessionsDoNotCostALiveOneItsPlace() {
    SessionBackend store = store(config().maxSessionsPerSubject(2).build());
    CreatedSession kept = store.create("alice", Map.of());
    CreatedSession abandoned = store.create("alice", Map.of());
    elapse(unit().multipliedBy(6));
    store.validate(kept.token());
    elapse(unit().multipliedBy(5));

    CreatedSession added = store.create("alice", Map.of());
    assertThat(store.validate(abandoned.token())).as("idle for 11 units").isEmpty();
    assertThat(store.validate(kept.token())).as("one live session, below the cap of 2").isPresent();
    assertThat(store.list("alice")).extracting(Session::id)
        .containsExactly(kept.session().id(), added.session().id());
  }

  @Test
  void list_returnsTheNewestLiveSessionsUpToTheLimit_oldestFirst() {
    SessionBackend store = store(config().maxSessionsPerSubject(SessionConfig.UNLIMITED).build());
    List<CreatedSession> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(store.create("alice", Map.of("i", Integer.toString(i))));
    }
    store.revoke(created.get(4).token());
    List<SessionId> live = ids(created.subList(0, 4));

    assertThat(store.list("alice", 2)).as("the limit counts live sessions only").extracting(Session::id)
        .containsExactlyElementsOf(live.subList(2, 4));
    assertThat(store.list("alice", 1)).extracting(Session::id).containsExactly(live.get(3));
    assertThat(store.list("alice", SessionStore.MAX_LIST_LIMIT)).extracting(Session::id)
        .containsExactlyElementsOf(live);
    assertThat(store.list("alice", 2).get(0).attributes()).isEqualTo(Map.of("i", "2"));
  }

  @Test
  void list_withoutALimit_returnsTheNewestHundred() {
    SessionBackend store = store(config().maxSessionsPerSubject(SessionConfig.UNLIMITED).build());
    List<CreatedSession> created = new ArrayList<>();
    for (int i = 0; i <= SessionStore.DEFAULT_LIST_LIMIT; i++) {
      created.add(store.create("alice", Map.of()));
    }
    assertThat(store.list("alice")).extracting(Session::id)
        .containsExactlyElementsOf(ids(created.subList(1, created.size())));
  }

  @Test
  void list_limitOutOfRange_isRejected() {
    SessionBackend store = store();
    store.create("alice", Map.of());
    assertThatThrownBy(() -> store.list("alice", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("list limit must be from 1 to 1000, got 0");
    assertThatThrownBy(() -> store.list("alice", 1001))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("list limit must be from 1 to 1000, got 1001");
    assertThatThrownBy(() -> store.list(" ", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not be null or blank, got \" \"");
  }

  /**
   * More sessions than two of Redis's slices ({@link SessionStore#MAX_LIST_LIMIT} index entries per script call),
   * so that revoke-all takes several calls there. Timeouts long enough for none to expire while they are made.
   */
  @Test
  void revokeAll_ofMoreSessionsThanOneSlice_revokesEveryOne() {
    SessionBackend store = store(config().idleTimeout(unit().multipliedBy(1_000))
        .absoluteTimeout(unit().multipliedBy(1_000)).maxSessionsPerSubject(SessionConfig.UNLIMITED).build());
    int count = 2 * SessionStore.MAX_LIST_LIMIT + 1;
    List<CreatedSession> created = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      created.add(store.create("alice", Map.of()));
    }
    CreatedSession bob = store.create("bob", Map.of());

    assertThat(store.revokeAll("alice")).isEqualTo(count);
    for (int i : List.of(0, SessionStore.MAX_LIST_LIMIT, count - 1)) {
      assertThat(store.validate(created.get(i).token())).as("session %d", i).isEmpty();
    }
    assertThat(store.list("alice", SessionStore.MAX_LIST_LIMIT)).isEmpty();
    assertThat(store.revokeAll("alice")).as("nothing left to revoke").isZero();
    assertThat(store.validate(bob.token())).isPresent();
    CreatedSession after = store.create("alice", Map.of());
    assertThat(store.list("alice")).extracting(Session::id).containsExactly(after.session().id());
  }

  private static List<SessionId> ids(List<CreatedSession> created) {
    return created.stream().map(c -> c.session().id()).toList();
  }

  @Test
  void create_rejectsBadSubjectsAndAttributes() {
    SessionBackend store = store(config().maxAttributes(2).maxAttributeBytes(20).build());
    assertThatThrownBy(() -> store.create(null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not be null or blank, got null");
    assertThatThrownBy(() -> store.create(" ", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not be null or blank, got \" \"");
    assertThatThrownBy(() -> store.create("a".repeat(257), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must be at most 256 characters, got 257");
    assertThatThrownBy(() -> store.create("alice", Map.of("a", "1", "b", "2", "c", "3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a session may carry at most 2 attributes, got 3");
    assertThatThrownBy(() -> store.create("alice", Map.of("a", "x".repeat(20))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("session attributes may take at most 20 bytes, got 21");
    assertThat(store.list("alice")).as("nothing was created").isEmpty();
  }

  @Test
  void attributes_keepAnyCharacters() {
    SessionBackend store = store();
    Map<String, String> attributes = Map.of("name", "Zoë \"Z\" O'Brien", "empty", "", "emoji", "🔐", "a:b", "c");
    CreatedSession created = store.create("zoë@example.com", attributes);
    assertThat(store.validate(created.token()).orElseThrow().attributes()).isEqualTo(attributes);
    assertThat(store.list("zoë@example.com")).singleElement().extracting(Session::attributes).isEqualTo(attributes);
  }

  @Test
  void revoke_throughOneInstance_isSeenByAnotherAtOnce() {
    SessionConfig config = config().build();
    SessionBackend a = store(config);
    SessionBackend b = peerOf(a, config);
    CreatedSession created = a.create("alice", Map.of());
    assertThat(b.validate(created.token())).isPresent();
    assertThat(a.revoke(created.token())).isTrue();
    assertThat(b.validate(created.token())).isEmpty();

    CreatedSession second = b.create("alice", Map.of());
    assertThat(a.validate(second.token())).isPresent();
    assertThat(b.revokeAll("alice")).isEqualTo(1);
    assertThat(a.validate(second.token())).isEmpty();
  }

  @Test
  void concurrentTraffic_onePerThread_isConsistent() throws Exception {
    SessionConfig config = config().build();
    SessionBackend a = store(config);
    SessionBackend b = peerOf(a, config);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Boolean>> work = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        SessionBackend mine = t % 2 == 0 ? a : b;
        SessionBackend theirs = t % 2 == 0 ? b : a;
        String subject = "user-" + t;
        work.add(() -> {
          for (int i = 0; i < 20; i++) {
            CreatedSession created = mine.create(subject, Map.of("i", Integer.toString(i)));
            Optional<Session> seen = theirs.validate(created.token());
            if (seen.isEmpty() || !theirs.revoke(created.session().id()) || mine.validate(created.token()).isPresent()) {
              return false;
            }
          }
          return true;
        });
      }
      for (Future<Boolean> result : pool.invokeAll(work)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A session as another store would have made it: created {@code age} ago, last seen now. */
  private CreatedSession madeElsewhere(String subject, Duration age) {
    SessionToken token = SessionToken.generate(subject, new SecureRandom());
    Instant lastSeen = now();
    Instant created = lastSeen.minus(age);
    Session session = new Session(token.sessionId(), subject, created, lastSeen,
        lastSeen.plus(unit().multipliedBy(10)), created.plus(unit().multipliedBy(100)), Map.of("from", "memory"));
    return new CreatedSession(token, session);
  }

  @Test
  void restore_writesASessionMadeElsewhere() {
    SessionBackend store = store();
    CreatedSession elsewhere = madeElsewhere("alice", unit().multipliedBy(3));
    assertThat(store.restore(elsewhere.session())).isTrue();

    Session valid = store.validate(elsewhere.token()).orElseThrow();
    assertThat(valid.id()).isEqualTo(elsewhere.session().id());
    assertThat(valid.createdAt()).isEqualTo(elsewhere.session().createdAt());
    assertThat(valid.absoluteExpiresAt()).isEqualTo(elsewhere.session().absoluteExpiresAt());
    assertThat(valid.attributes()).isEqualTo(Map.of("from", "memory"));
    assertThat(store.list("alice")).extracting(Session::id).containsExactly(elsewhere.session().id());
    assertThat(store.restore(elsewhere.session())).as("restoring twice changes nothing").isTrue();
    assertThat(store.list("alice")).hasSize(1);
  }

  @Test
  void notValidBefore_isTheLastRevokeAll_seenByEveryInstance() {
    SessionConfig config = config().build();
    SessionBackend a = store(config);
    SessionBackend b = peerOf(a, config);
    assertThat(b.notValidBefore("alice")).as("never revoked").isEmpty();

    Instant before = now();
    a.revokeAll("alice");
    Instant after = now();
    assertThat(b.notValidBefore("alice")).get().satisfies(marker -> assertThat(marker)
        .isBetween(before.minusMillis(1), after.plusMillis(1)));
    assertThat(b.notValidBefore("bob")).isEmpty();
    Instant first = b.notValidBefore("alice").orElseThrow();

    a.revokeAll("alice", first.minus(unit()));
    assertThat(b.notValidBefore("alice")).as("an older point never moves it back").contains(first);
    Instant later = first.plus(unit()).truncatedTo(ChronoUnit.MILLIS);
    a.revokeAll("alice", later);
    assertThat(b.notValidBefore("alice")).contains(later);
  }

  @Test
  void notValidBefore_badSubject_isRejected() {
    SessionBackend store = store();
    assertThatThrownBy(() -> store.notValidBefore(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not be null or blank, got \" \"");
  }

  @Test
  void restore_refusesExpiredSessions() {
    SessionBackend store = store();
    CreatedSession elsewhere = madeElsewhere("alice", unit());
    elapse(unit().multipliedBy(11));
    assertThat(store.restore(elsewhere.session())).isFalse();
    assertThat(store.validate(elsewhere.token())).isEmpty();
  }

  @Test
  void restore_refusesSessionsOlderThanTheSubjectsRevokeAll() {
    SessionBackend store = store();
    CreatedSession elsewhere = madeElsewhere("alice", unit());
    store.revokeAll("alice");
    assertThat(store.restore(elsewhere.session())).isFalse();
    assertThat(store.validate(elsewhere.token())).isEmpty();
  }

  @Test
  void revokeAll_beforeAPointInTime_keepsLaterSessions() {
    SessionBackend store = store();
    CreatedSession older = store.create("alice", Map.of());
    elapse(unit().multipliedBy(2));
    CreatedSession newer = store.create("alice", Map.of());
    assertThat(store.revokeAll("alice", newer.session().createdAt())).isEqualTo(1);
    assertThat(store.validate(older.token())).isEmpty();
    assertThat(store.validate(newer.token())).isPresent();

    CreatedSession restoredOld = madeElsewhere("alice", unit().multipliedBy(5));
    assertThat(store.restore(restoredOld.session())).as("created before the marker").isFalse();
  }

  @Test
  void touch_movesLastSeenForward_butNeverCreates() {
    SessionBackend store = store();
    CreatedSession created = store.create("alice", Map.of());
    elapse(unit().multipliedBy(6));
    assertThat(store.touch(created.session().id(), now())).isTrue();
    elapse(unit().multipliedBy(6));
    assertThat(store.validate(created.token())).as("12 units after creation, 6 after the touch").isPresent();

    CreatedSession elsewhere = madeElsewhere("alice", unit());
    assertThat(store.touch(elsewhere.session().id(), now())).isFalse();
    assertThat(store.validate(elsewhere.token())).isEmpty();

    store.revoke(created.token());
    assertThat(store.touch(created.session().id(), now())).as("a revoked session stays revoked").isFalse();
    assertThat(store.validate(created.token())).isEmpty();
  }
}
