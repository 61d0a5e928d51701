package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subject with 200,000 sessions. Regression: listing them, revoking them all, or creating one more under a cap
 * each ran as one Redis script over all of them (1 to 4 s), which blocked Redis past the 250 ms deadline and
 * switched the instance to degraded mode.
 *
 * <p>The sessions are written through a store whose cap is lifted, as a deployment that ran without a cap would
 * have them; the calls measured go through the entry point with the defaults (cap 50, 250 ms deadline). Each
 * Redis call's own duration comes from {@code SLOWLOG} with a threshold of 0, so that the figure is what Redis
 * spent blocked, not what the client waited.
 */
class BigSubjectIT {

  private static final int SESSIONS = 200_000;
  private static final Duration DEADLINE = FailoverConfig.DEFAULT_DEADLINE;
  private static final String SUBJECT = "mallory";

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "big-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private RedisStores setup;
  private Gatehouse gatehouse;

  @BeforeEach
  void open() {
    setup = RedisStores.create(RedisConfig.builder().url(redis.server().uri()).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(5)).build());
    gatehouse = Gatehouse.builder()
        .backend(RedisStores.create(RedisConfig.builder().url(redis.server().uri()).keyPrefix(prefix)
            .commandTimeout(DEADLINE).build()))
        .sessions(SessionConfig.create())
        .failover(FailoverConfig.builder().deadline(DEADLINE).build())
        .build();
  }

  @AfterEach
  void close() {
    gatehouse.close();
    setup.close();
    redis.server().command("CONFIG", "SET", "slowlog-log-slower-than", "10000");
    redis.server().command("CONFIG", "SET", "slowlog-max-len", "128");
  }

  @Test
  void listAndRevokeAll_ofAHugeSubject_keepEveryRedisCallUnderTheDeadline() throws Exception {
    List<CreatedSession> made = createUncapped(SESSIONS);
    CreatedSession bystander = gatehouse.sessions().create("alice", Map.of());
    SessionStore sessions = gatehouse.sessions();

    startSlowLog();
    long started = System.nanoTime();
    List<Session> listed = sessions.list(SUBJECT);
    long listTotal = System.nanoTime() - started;
    Duration list = slowestCall();
    assertThat(listed).hasSize(SessionStore.DEFAULT_LIST_LIMIT);

    startSlowLog();
    started = System.nanoTime();
    CreatedSession capped = sessions.create(SUBJECT, Map.of());
    long createTotal = System.nanoTime() - started;
    Duration create = slowestCall();

    startSlowLog();
    started = System.nanoTime();
    int revoked = sessions.revokeAll(SUBJECT);
    long revokeAllTotal = System.nanoTime() - started;
    Duration revokeAll = slowestCall();

    System.out.printf("%,d sessions of one subject, slowest single Redis call (whole operation, client side):"
        + " list %d µs (%d µs), create %d µs (%d µs), revokeAll %d µs (%d µs)%n", SESSIONS, micros(list),
        listTotal / 1000, micros(create), createTotal / 1000, micros(revokeAll), revokeAllTotal / 1000);
    assertThat(List.of(list, create, revokeAll)).allSatisfy(d -> assertThat(d).isLessThan(DEADLINE));
    assertThat(gatehouse.status().failovers()).as("the failover did not trip").isZero();
    assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.PRIMARY);

    assertThat(revoked).as("all but the two slices the capped creation revoked, plus that one")
        .isEqualTo(SESSIONS - 2 * RedisSessionStore.SLICE + 1);
    for (CreatedSession session : List.of(made.get(0), made.get(SESSIONS / 2), made.get(SESSIONS - 1), capped)) {
      assertThat(sessions.validate(session.token())).isEmpty();
    }
    assertThat(sessions.list(SUBJECT)).isEmpty();
    assertThat(sessions.validate(bystander.token())).isPresent();
  }

  private static long micros(Duration duration) {
    return duration.toNanos() / 1000;
  }

  /** Creates sessions for {@link #SUBJECT} through a store without a cap, 8 at a time. */
  private List<CreatedSession> createUncapped(int count) throws Exception {
    SessionStore store = setup.sessionStore(SessionConfig.builder().maxSessionsPerSubject(SessionConfig.UNLIMITED)
        .build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CreatedSession>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(() -> store.create(SUBJECT, Map.of("device", "bot"))));
      }
      List<CreatedSession> made = new ArrayList<>(count);
      for (Future<CreatedSession> future : futures) {
        made.add(future.get());
      }
      return made;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Logs every command from now on, with its duration. */
  private static void startSlowLog() {
    RedisServer server = redis.server();
    server.command("CONFIG", "SET", "slowlog-max-len", "100000");
    server.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
    server.command("SLOWLOG", "RESET");
  }

  /** The longest a single script call ran since {@link #startSlowLog()}, as Redis measured it. */
  private static Duration slowestCall() {
    List<?> entries = (List<?>) redis.server().command("SLOWLOG", "GET", "-1");
    long slowest = 0;
    for (Object entry : entries) {
      List<?> fields = (List<?>) entry;
      String command = String.valueOf(((List<?>) fields.get(3)).get(0)).toUpperCase();
      if (command.startsWith("EVAL")) {
        slowest = Math.max(slowest, (Long) fields.get(2));
      }
    }
    return Duration.ofNanos(slowest * 1000);
  }
}
