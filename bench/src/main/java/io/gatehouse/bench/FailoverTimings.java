package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.session.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Failover timings, on a redis-server of their own that they kill, freeze and restart.
 *
 * <ul>
 *   <li>Switch-over: one thread validates a session in a closed loop through the failover decorator; Redis is
 *       killed ({@code SIGKILL}) or frozen ({@code SIGSTOP}); the figure is the time from the signal to the first
 *       answer served from memory. Repeated, with Redis restarted (and the decorator back in PRIMARY) in between.
 *   <li>Write-back: with Redis killed, 10,000 sessions are created through the decorator (in memory); Redis is
 *       started again; the figure is the time from Redis answering {@code PING} until the decorator is back in
 *       PRIMARY with nothing left to write back, split into the wait for the next probe and the write-back proper.
 *       Then every one of the 10,000 is validated on Redis directly, without the decorator.
 *   <li>Back on Redis: two instances (each its own connection and decorator) on one redis-server, each with one
 *       thread creating and validating sessions; Redis is killed, stays away for a second, and is started again;
 *       the figure is the time from Redis answering {@code PING} again until both instances are in PRIMARY with
 *       nothing left to write back. Repeated; what matters is p50 and max (issue 12: target under 500 ms).
 * </ul>
 * The decorator runs with the server's settings: a 250 ms deadline equal to the Redis command timeout, and the
 * default probe intervals ({@link FailoverConfig#DEFAULT_PROBE_INTERVAL} doubling up to
 * {@link FailoverConfig#DEFAULT_MAX_PROBE_INTERVAL} while Redis stays away).
 */
final class FailoverTimings {

  /** Time from the signal to the first answer from memory, per trial; and whether those answers knew the session. */
  record SwitchOver(String signal, List<Duration> trials, boolean allAnswered) {}

  /**
   * @param sessions sessions created while Redis was down
   * @param createdInMemory how long creating them took
   * @param untilRecovering from Redis answering PING to the probe starting the write-back
   * @param writingBack from the write-back's start to PRIMARY with nothing pending
   * @param validOnRedis how many of the sessions validate on Redis afterwards, without the decorator
   */
  record WriteBack(int sessions, Duration createdInMemory, Duration untilRecovering, Duration writingBack,
      int validOnRedis) {

    Duration total() {
      return untilRecovering.plus(writingBack);
    }
  }

  /**
   * Time from Redis answering {@code PING} again to every instance back on it with nothing pending, per outage.
   *
   * @param instances how many instances shared the Redis
   * @param outage how long Redis stayed killed each time
   */
  record BackOnRedis(int instances, Duration outage, List<Duration> trials) {}

  /** The server's default: the failover deadline equals the Redis command timeout. */
  static final Duration TIMEOUT = Duration.ofMillis(250);
  static final FailoverConfig CONFIG = FailoverConfig.builder().deadline(TIMEOUT).build();
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

  /** Kills (or freezes) Redis {@code trials} times under a validating loop. */
  SwitchOver switchOver(boolean freeze, int trials) {
    List<Duration> times = new ArrayList<>();
    boolean allAnswered = true;
    try (RedisServer server = RedisServer.create().start();
        RedisStores stores = BenchRedis.at(server.uri()).gatehouse(TIMEOUT);
        Failover failover = Failover.create(stores::ping, CONFIG)) {
      SessionStore sessions = failover.sessionStore(stores.sessionStore(SessionBackend.CONFIG), SessionBackend.CONFIG);
      for (int trial = 0; trial < trials; trial++) {
        String token = sessions.create("user-" + trial, Map.of("role", "user")).token().value();
        long fallbacksBefore = failover.status().fallbackCalls();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong firstMemoryAnswer = new AtomicLong();
        AtomicBoolean answered = new AtomicBoolean();
        Thread requests = new Thread(() -> {
          while (!stop.get()) {
            boolean valid = sessions.validate(token).isPresent();
            if (firstMemoryAnswer.get() == 0 && failover.status().fallbackCalls() > fallbacksBefore) {
              firstMemoryAnswer.set(System.nanoTime());
              answered.set(valid);
            }
          }
        }, "failover-requests");
        requests.start();
        sleep(Duration.ofMillis(200));
        long signalled = System.nanoTime();
        if (freeze) {
          server.pause();
        } else {
          server.kill();
        }
        await(() -> firstMemoryAnswer.get() != 0, Duration.ofSeconds(10), "the first answer from memory");
        times.add(Duration.ofNanos(firstMemoryAnswer.get() - signalled));
        allAnswered &= answered.get();
        if (freeze) {
          server.resume();
        } else {
          server.start();
        }
        await(() -> failover.mode() == FailoverMode.PRIMARY, RECOVERY_TIMEOUT, "the decorator back in PRIMARY");
        stop.set(true);
        join(requests);
      }
    }
    return new SwitchOver(freeze ? "SIGSTOP" : "SIGKILL", times, allAnswered);
  }

  /** Creates {@code count} sessions with Redis down, restarts it, and times the write-back. */
  WriteBack writeBack(int count) {
    try (RedisServer server = RedisServer.create().start();
        RedisStores stores = BenchRedis.at(server.uri()).gatehouse(TIMEOUT);
        Failover failover = Failover.create(stores::ping, CONFIG)) {
      io.gatehouse.session.SessionBackend direct = stores.sessionStore(SessionBackend.CONFIG);
      SessionStore sessions = failover.sessionStore(direct, SessionBackend.CONFIG);
      server.kill();
      String probe = sessions.create("user-probe", Map.of()).token().value();
      sessions.validate(probe);
      await(() -> failover.mode() == FailoverMode.DEGRADED, Duration.ofSeconds(10), "DEGRADED");

      long start = System.nanoTime();
      String[] tokens = new String[count];
      for (int i = 0; i < count; i++) {
        tokens[i] = sessions.create("user-" + i % 10_000, Map.of("role", "user")).token().value();
      }
      Duration created = Duration.ofNanos(System.nanoTime() - start);
      if (failover.mode() != FailoverMode.DEGRADED) {
        throw new IllegalStateException("expected DEGRADED while creating sessions, got " + failover.status());
      }

      server.start();
      long up = System.nanoTime();
      await(() -> failover.mode() != FailoverMode.DEGRADED, RECOVERY_TIMEOUT, "the probe to find Redis");
      long recovering = System.nanoTime();
      await(() -> failover.mode() == FailoverMode.PRIMARY && failover.status().pendingWriteBack() == 0,
          RECOVERY_TIMEOUT, "the write-back to finish");
      long done = System.nanoTime();

      int valid = 0;
      for (String token : tokens) {
        valid += direct.validate(token).isPresent() ? 1 : 0;
      }
      return new WriteBack(count, created, Duration.ofNanos(recovering - up), Duration.ofNanos(done - recovering),
          valid);
    }
  }

  /** Kills Redis {@code outages} times under traffic on two instances, and times their return to it. */
  BackOnRedis backOnRedis(int outages) {
    Duration outage = Duration.ofSeconds(1);
    List<Duration> times = new ArrayList<>();
    List<AutoCloseable> opened = new ArrayList<>();
    try (RedisServer server = RedisServer.create().start()) {
      List<Failover> failovers = new ArrayList<>();
      List<SessionStore> stores = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        RedisStores redis = BenchRedis.at(server.uri()).gatehouse(TIMEOUT);
        Failover failover = Failover.create(redis::ping, CONFIG);
        opened.add(redis);
        opened.add(failover);
        failovers.add(failover);
        stores.add(failover.sessionStore(redis.sessionStore(SessionBackend.CONFIG), SessionBackend.CONFIG));
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> load = new ArrayList<>();
      for (int i = 0; i < stores.size(); i++) {
        SessionStore sessions = stores.get(i);
        String instance = "instance-" + i;
        Thread thread = new Thread(() -> {
          for (int round = 0; !stop.get(); round++) {
            String token = sessions.create(instance + "-" + round, Map.of("role", "user")).token().value();
            sessions.validate(token);
            LockSupport.parkNanos(1_000_000);
          }
        }, "back-on-redis-" + instance);
        thread.start();
        load.add(thread);
      }
      try {
        for (int trial = 0; trial < outages; trial++) {
          sleep(Duration.ofMillis(300));
          server.kill();
          await(() -> failovers.stream().allMatch(f -> f.mode() == FailoverMode.DEGRADED), Duration.ofSeconds(10),
              "both instances DEGRADED");
          sleep(outage);
          server.start();
          long back = System.nanoTime();
          await(() -> failovers.stream().allMatch(f -> f.mode() == FailoverMode.PRIMARY
              && f.status().pendingWriteBack() == 0), RECOVERY_TIMEOUT, "both instances back in PRIMARY");
          times.add(Duration.ofNanos(System.nanoTime() - back));
        }
      } finally {
        stop.set(true);
        load.forEach(FailoverTimings::join);
      }
    } finally {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + opened.get(i), e);
        }
      }
    }
    return new BackOnRedis(2, outage, times);
  }

  /** Polls {@code condition} every 100 µs, so transitions are timed to well under a millisecond. */
  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
      }
      LockSupport.parkNanos(100_000);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
