package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionToken;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the Redis store keeps a session's life in its key's TTL, validates with plain reads, and refreshes the idle
 * deadline at most once per touch interval. Reads the keys and the server's command statistics directly, on a
 * redis-server of this class's own (so that nothing else counts in {@code INFO commandstats}).
 */
class RedisSessionTtlIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  /** How far a TTL read after a write may be below what the write set: the round trips between, on a busy host. */
  private static final Offset<Long> SLACK = Offset.offset(250L);

  private final RedisConnections connections =
      new RedisConnections(() -> RedisConfig.builder().url(redis.server().uri()));

  @AfterEach
  void close() {
    connections.close();
  }

  private SessionBackend store(SessionConfig config) {
    return (SessionBackend) connections.connect().sessionStore(config);
  }

  private RedisServer server() {
    return redis.server();
  }

  private String key(SessionId id) {
    return connections.prefix() + "{" + id.subjectTag() + "}:s:" + id.value().substring(SessionId.TAG_LENGTH);
  }

  private String marker(String subject) {
    return connections.prefix() + "{" + SessionId.subjectTag(subject) + "}:nvb";
  }

  private long pttl(SessionId id) {
    return (Long) server().command("PTTL", key(id));
  }

  private long lastSeen(SessionId id) {
    return Long.parseLong((String) server().command("HGET", key(id), "l"));
  }

  private long calls(String command) {
    String stats = server().info("commandstats").get("cmdstat_" + command);
    return stats == null ? 0 : Long.parseLong(stats.replaceAll("^calls=(\\d+),.*", "$1"));
  }

  private static SessionConfig.Builder config() {
    return SessionConfig.builder().idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofMinutes(1))
        .touchInterval(Duration.ofSeconds(1));
  }

  @Test
  void validate_isOneHgetallAndOneGet_withoutAnyScript() {
    SessionBackend store = store(config().build());
    CreatedSession created = store.create("alice", Map.of("role", "admin"));
    server().command("CONFIG", "RESETSTAT");

    for (int i = 0; i < 10; i++) {
      assertThat(store.validate(created.token())).isPresent();
    }

    assertThat(calls("evalsha")).as("EVALSHA").isZero();
    assertThat(calls("eval")).as("EVAL").isZero();
    assertThat(calls("hgetall")).isEqualTo(10);
    assertThat(calls("get")).isEqualTo(10);
  }

  @Test
  void validate_withinTheTouchInterval_doesNotRefresh_afterIt_refreshesOnce() {
    SessionBackend store = store(config().build());
    CreatedSession created = store.create("alice", Map.of());
    SessionId id = created.session().id();
    long createdAt = created.session().createdAt().toEpochMilli();
    // Loads the touch script, so that the refresh below is one EVALSHA and not a NOSCRIPT and an EVAL.
    store.touch(SessionToken.generate("alice", new SecureRandom()).sessionId(), now());
    server().command("CONFIG", "RESETSTAT");

    Session early = store.validate(created.token()).orElseThrow();
    store.validate(created.token()).orElseThrow();
    assertThat(early.lastSeenAt()).isEqualTo(created.session().lastSeenAt());
    assertThat(lastSeen(id)).as("no refresh within the interval").isEqualTo(createdAt);
    assertThat(calls("evalsha") + calls("eval")).isZero();

    RedisTime.elapse(server(), Duration.ofMillis(1_100));
    Session refreshed = store.validate(created.token()).orElseThrow();
    // The refresh is not awaited; the next command on the same connection comes after it.
    store.validate(created.token()).orElseThrow();
    assertThat(refreshed.lastSeenAt()).isAfter(early.lastSeenAt());
    assertThat(refreshed.expiresAt()).isEqualTo(refreshed.lastSeenAt().plusSeconds(2));
    assertThat(lastSeen(id)).as("refreshed in Redis").isGreaterThanOrEqualTo(createdAt + 1_100);
    assertThat(pttl(id)).as("the TTL moved with it").isCloseTo(2_000L, SLACK);
    assertThat(calls("evalsha") + calls("eval")).as("one refresh for two validations").isEqualTo(1);
  }

  @Test
  void validate_refreshKeepsAnActiveSessionAlivePastItsIdleTimeout() {
    SessionBackend store = store(config().build());
    CreatedSession created = store.create("alice", Map.of());
    for (int i = 0; i < 4; i++) {
      RedisTime.elapse(server(), Duration.ofMillis(1_100));
      assertThat(store.validate(created.token())).as("%d ms after creation", (i + 1) * 1_100).isPresent();
    }
    RedisTime.elapse(server(), Duration.ofMillis(2_050));
    assertThat(store.validate(created.token())).as("idle for 2 s").isEmpty();
  }

  @Test
  void create_setsTheTtlToTheIdleDeadline() {
    // The absolute lifetime is never shorter than the idle timeout, so at creation the idle deadline is the earlier.
    CreatedSession created = store(config().build()).create("alice", Map.of());
    assertThat(pttl(created.session().id())).isCloseTo(2_000L, SLACK);
  }

  @Test
  void touch_setsTheTtlToTheEarlierDeadline() {
    SessionBackend store = store(config().absoluteTimeout(Duration.ofMillis(3_000)).build());
    CreatedSession created = store.create("alice", Map.of());
    SessionId id = created.session().id();

    RedisTime.elapse(server(), Duration.ofMillis(500));
    assertThat(store.touch(id, now())).isTrue();
    assertThat(pttl(id)).as("the idle deadline: 2 s from now").isCloseTo(2_000L, SLACK);

    RedisTime.elapse(server(), Duration.ofMillis(1_000));
    assertThat(store.touch(id, now())).isTrue();
    assertThat(pttl(id)).as("the absolute deadline: 3 s after creation").isCloseTo(1_500L, SLACK);
  }

  @Test
  void restore_setsTheTtlToTheEarlierDeadline() {
    SessionBackend store = store(config().build());
    Instant now = now();
    Session idle = madeElsewhere("alice", now, now.plusSeconds(2), now.plusSeconds(50));
    Session capped = madeElsewhere("alice", now, now.plusMillis(1_000), now.plusMillis(1_000));

    assertThat(store.restore(idle)).isTrue();
    assertThat(store.restore(capped)).isTrue();

    assertThat(pttl(idle.id())).isCloseTo(2_000L, SLACK);
    assertThat(pttl(capped.id())).isCloseTo(1_000L, SLACK);
  }

  @Test
  void validate_sessionCreatedBeforeTheRevokeAllMarker_isRejected_andTouchDeletesIt() {
    SessionBackend store = store(config().build());
    CreatedSession created = store.create("alice", Map.of());
    long createdAt = created.session().createdAt().toEpochMilli();
    String marker = marker("alice");

    server().command("SET", marker, Long.toString(createdAt), "PX", "60000");
    assertThat(store.validate(created.token())).as("created at the marker, not before it").isPresent();

    server().command("SET", marker, Long.toString(createdAt + 1), "PX", "60000");
    assertThat(store.validate(created.token())).as("the key is still there, the marker rejects it").isEmpty();
    assertThat(store.touch(created.session().id(), now())).isFalse();
    assertThat((Long) server().command("EXISTS", key(created.session().id()))).isZero();
  }

  @Test
  void validate_afterTheAbsoluteExpiry_isRejectedWhateverTheTtl() {
    SessionBackend store = store(config().build());
    CreatedSession created = store.create("alice", Map.of());
    server().command("HSET", key(created.session().id()), "x", Long.toString(now().toEpochMilli() - 1));
    assertThat(store.validate(created.token())).isEmpty();
  }

  private Instant now() {
    return Instant.ofEpochMilli(RedisTime.millis(server()));
  }

  private static Session madeElsewhere(String subject, Instant lastSeen, Instant expires, Instant absolute) {
    SessionToken token = SessionToken.generate(subject, new SecureRandom());
    return new Session(token.sessionId(), subject, lastSeen, lastSeen, expires, absolute, Map.of());
  }
}
