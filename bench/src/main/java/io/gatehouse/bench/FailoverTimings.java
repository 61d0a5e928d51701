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
 * </ul>
 * The decorator runs with the server's settings: a 250 ms deadline equal to the Redis command timeout, probes
 * every 500 ms doubling up to 10 s while Redis stays away.
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
