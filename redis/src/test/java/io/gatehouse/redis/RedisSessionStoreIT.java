package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionToken;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session contract against a real standalone {@code redis-server}; then how the Redis store works in slices. */
class RedisSessionStoreIT extends RedisSessionContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Override
  protected RedisConfig.Builder redisConfig() {
    return RedisConfig.builder().url(redis.server().uri());
  }

  @Override
  protected RedisServer clock() {
    return redis.server();
  }

  /**
   * Slices of 4 index entries instead of {@value RedisSessionStore#SLICE}, so that a few sessions cross slice
   * boundaries; the subject's index is read directly to check that it stays bounded.
   */
  @Nested
  class Slices {

    private static final int SLICE = 4;

    private final RedisConfig config = RedisConfig.builder().url(redis.server().uri())
        .keyPrefix("slices-" + UUID.randomUUID().toString().substring(0, 8) + ":").build();
    private final LettuceRedisApi api = new LettuceRedisApi(config);

    @AfterEach
    void close() {
      api.close();
    }

    private RedisSessionStore store(int cap) {
      return new RedisSessionStore(api, SessionConfig.builder().idleTimeout(Duration.ofSeconds(1))
          .absoluteTimeout(Duration.ofMinutes(1)).maxSessionsPerSubject(cap).build(), config, SLICE);
    }

    private long indexSize(String subject) {
      return (Long) redis.server().command("ZCARD",
          config.keyPrefix() + "{" + SessionId.subjectTag(subject) + "}:idx");
    }

    private List<CreatedSession> create(RedisSessionStore store, int count) {
      List<CreatedSession> created = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        created.add(store.create("alice", Map.of("i", Integer.toString(i))));
      }
      return created;
    }

    private static List<SessionId> ids(List<CreatedSession> created) {
      return created.stream().map(c -> c.session().id()).toList();
    }

    @Test
    void create_keepsTheIndexAtTheCap() {
      RedisSessionStore store = store(3);
      List<CreatedSession> created = create(store, 10);
      assertThat(indexSize("alice")).isEqualTo(3);
      assertThat(store.list("alice")).extracting(Session::id).containsExactlyElementsOf(ids(created.subList(7, 10)));
    }

    @Test
    void create_onAnIndexFarBeyondTheCap_shrinksItByAtMostTwoSlicesEach() {
      create(store(SessionConfig.UNLIMITED), 30);
      RedisSessionStore capped = store(5);

      capped.create("alice", Map.of());
      assertThat(indexSize("alice")).as("30 - 2 slices + 1").isEqualTo(23);
      List<CreatedSession> newest = create(capped, 5);
      assertThat(indexSize("alice")).isEqualTo(5);
      assertThat(capped.list("alice")).extracting(Session::id).containsExactlyElementsOf(ids(newest));
    }

    @Test
    void list_readsPastSlicesOfExpiredSessions() {
      RedisSessionStore store = store(SessionConfig.UNLIMITED);
      List<CreatedSession> kept = create(store, 3);
      create(store, 3 * SLICE);
      RedisTime.elapse(redis.server(), Duration.ofMillis(600));
      kept.forEach(session -> assertThat(store.validate(session.token())).isPresent());
      RedisTime.elapse(redis.server(), Duration.ofMillis(450));

      assertThat(store.list("alice", 2)).extracting(Session::id).containsExactlyElementsOf(ids(kept.subList(1, 3)));
      assertThat(store.list("alice")).extracting(Session::id).containsExactlyElementsOf(ids(kept));
      assertThat(indexSize("alice")).as("expired entries dropped on the way").isEqualTo(3);
    }

    @Test
    void list_sessionsCreatedInTheSameMillisecond_acrossASliceBoundary() {
      RedisSessionStore store = store(SessionConfig.UNLIMITED);
      Instant created = Instant.ofEpochMilli(RedisTime.millis(redis.server()));
      List<SessionId> restored = new ArrayList<>();
      for (int i = 0; i < SLICE + 2; i++) {
        SessionToken token = SessionToken.generate("alice", new SecureRandom());
        assertThat(store.restore(new Session(token.sessionId(), "alice", created, created,
            created.plusSeconds(1), created.plusSeconds(60), Map.of()))).isTrue();
        restored.add(token.sessionId());
      }
      CreatedSession newest = store.create("alice", Map.of());

      List<Session> listed = store.list("alice");
      assertThat(listed).extracting(Session::id).hasSize(SLICE + 3).doesNotHaveDuplicates()
          .containsAll(restored).endsWith(newest.session().id());
    }

    @Test
    void revokeAll_beyondItsSlices_countsTheRestAndLeavesThemRevoked() {
      RedisSessionStore store = store(SessionConfig.UNLIMITED);
      int count = RedisSessionStore.MAX_SLICES * SLICE + 40;
      List<CreatedSession> created = create(store, count);

      assertThat(store.revokeAll("alice")).isEqualTo(count);
      assertThat(indexSize("alice")).as("left for later").isPositive();
      assertThat(created).allSatisfy(session -> assertThat(store.validate(session.token())).isEmpty());
      assertThat(store.list("alice")).isEmpty();

      assertThat(store.revokeAll("alice")).as("revoked already, deleted now").isZero();
      assertThat(indexSize("alice")).isZero();
    }

    @Test
    void revokeAll_leftovers_areDroppedByTheCap() {
      create(store(SessionConfig.UNLIMITED), RedisSessionStore.MAX_SLICES * SLICE + 10);
      RedisSessionStore capped = store(3);
      capped.revokeAll("alice");
      List<CreatedSession> newest = create(capped, 4);
      assertThat(indexSize("alice")).isEqualTo(3);
      assertThat(capped.list("alice")).extracting(Session::id).containsExactlyElementsOf(ids(newest.subList(1, 4)));
    }
  }
}
