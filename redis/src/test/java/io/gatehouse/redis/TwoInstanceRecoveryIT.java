package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.redis.testing.RedisServerOptions;
import io.gatehouse.session.SessionToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two application instances on one real redis-server, under traffic on both, through outages in which Redis is
 * frozen ({@code SIGSTOP}), then killed ({@code SIGKILL}) and restarted on the same port with its AOF (issue 12):
 * after Redis returns, both are back on it (write-back done) soon (target 500 ms, printed), every session made on
 * either instance validates on both within a second, and no answer contradicts a session's state outside the
 * outage and that second. Default failover settings (probe after 100 ms, at most 150 ms apart), as a server runs
 * them.
 */
class TwoInstanceRecoveryIT {

  private static final int OUTAGES = 3;
  private static final Duration FROZEN = Duration.ofMillis(1500);
  private static final Duration KILLED = Duration.ofMillis(1500);
  /** After Redis returns, how long before every session validates on both instances. */
  private static final Duration SETTLED = Duration.ofSeconds(1);
  /**
   * The bound asserted on "back on Redis, write-back included, after Redis returns": the target of issue 12 is
   * 500 ms, which the printed figures are held against; a shared build machine gets twice that as a safety bound.
   */
  private static final Duration BACK_ON_REDIS = Duration.ofSeconds(1);

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** From the fault to {@link #SETTLED} after Redis returned: when answers may contradict a session's state. */
  private record Window(long from, long back) {
    boolean holds(long nanoTime) {
      return nanoTime >= from && nanoTime <= back + SETTLED.toNanos();
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void frozenThenKilledRedis_bothInstancesAreBackOnRedisSoon_andSeeEverySessionWithinASecond()
      throws Exception {
    // AOF, so that what Redis acknowledged survives the kill. Written to the file on every write but left to the OS
    // to fsync: that survives a killed process (not a lost machine), and the write-back then times the failover, not
    // this shared machine's disk. ("everysec" may hold writes back while an fsync is slow, and lose them on a kill;
    // "always" fsyncs every write.)
    RedisServer server = redis.newServer(RedisServerOptions.builder().appendOnly(true)
        .args("--appendfsync", "no").build());
    Map<String, AppInstance> instances = new LinkedHashMap<>();
    instances.put("A", open(new AppInstance(server.uri())));
    instances.put("B", open(new AppInstance(server.uri())));
    OffRedis offRedis = open(new OffRedis(instances));
    TwoInstanceTraffic traffic = open(new TwoInstanceTraffic(instances));
    List<Window> windows = new ArrayList<>();
    List<Duration> backOnRedis = new ArrayList<>();
    List<Duration> probed = new ArrayList<>();

    for (int outage = 0; outage < OUTAGES; outage++) {
      long validations = traffic.validations.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> traffic.validations.get() > validations + 300);
      long fault = System.nanoTime();
      server.pause();
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> instances.values()
          .stream().allMatch(app -> app.failover.mode() != FailoverMode.PRIMARY));
      lastFor(FROZEN, fault);
      server.kill();
      lastFor(KILLED, fault + FROZEN.toNanos());
      server.restart();
      long back = System.nanoTime();
      windows.add(new Window(fault, back));
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> instances.values()
          .stream().allMatch(app -> app.failover.mode() != FailoverMode.DEGRADED));
      probed.add(Duration.ofNanos(System.nanoTime() - back));
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> instances.values()
          .stream().allMatch(app -> app.failover.mode() == FailoverMode.PRIMARY
              && app.failover.status().pendingWriteBack() == 0));
      backOnRedis.add(Duration.ofNanos(System.nanoTime() - back));
      lastFor(SETTLED.plusMillis(200), back);
    }
    traffic.close();
    offRedis.close();
    // An instance also leaves Redis on its own when a call takes longer than the deadline (a loaded machine, an AOF
    // fsync stall): that is an outage for it too, and is reported. A period that began while Redis was away is the
    // induced outage itself, and does not stretch its window.
    List<Window> spurious = offRedis.periods.stream()
        .filter(p -> windows.stream().noneMatch(w -> p.from() >= w.from() && p.from() <= w.back())).toList();
    windows.addAll(spurious);

    report(traffic, windows, backOnRedis);
    System.out.printf("[recovery] both probes had found Redis %s ms after it returned%n",
        probed.stream().map(Duration::toMillis).toList());
    System.out.printf("[recovery] trips without an induced fault (a call over the deadline): %d%n", spurious.size());
    assertThat(traffic.errors).as("exceptions that reached callers").isEmpty();
    assertThat(traffic.surprises).as("answers contradicting a session's state outside an outage and its second")
        .filteredOn(s -> windows.stream().noneMatch(w -> w.holds(s.nanoTime())))
        .isEmpty();
    assertThat(traffic.surprises).as("a session revoked on an instance, valid there again")
        .filteredOn(s -> s.kind().equals("revoked here, yet valid"))
        .isEmpty();
    for (Map.Entry<String, AppInstance> instance : instances.entrySet()) {
      for (SessionToken token : traffic.live()) {
        assertThat(instance.getValue().sessions.validate(token)).as("live %s on %s", token.sessionId(),
            instance.getKey()).isPresent();
      }
      for (SessionToken token : traffic.revoked()) {
        assertThat(instance.getValue().sessions.validate(token)).as("revoked %s on %s", token.sessionId(),
            instance.getKey()).isEmpty();
      }
    }
    assertThat(backOnRedis).as("from Redis back to both instances on it, write-back done")
        .allSatisfy(time -> assertThat(time).isLessThan(BACK_ON_REDIS));
  }

  /** Records, polling every millisecond, each period in which an instance was not on Redis. */
  private static final class OffRedis implements AutoCloseable {
    final List<Window> periods = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean stop;

    OffRedis(Map<String, AppInstance> instances) {
      watcher = new Thread(() -> {
        Map<String, Long> leftAt = new java.util.HashMap<>();
        while (!stop) {
          for (Map.Entry<String, AppInstance> instance : instances.entrySet()) {
            boolean on = instance.getValue().failover.mode() == FailoverMode.PRIMARY;
            Long left = leftAt.get(instance.getKey());
            if (!on && left == null) {
              leftAt.put(instance.getKey(), System.nanoTime());
            } else if (on && left != null) {
              periods.add(new Window(left, System.nanoTime()));
              leftAt.remove(instance.getKey());
            }
          }
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
      }, "off-redis-watcher");
      watcher.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      watcher.join();
    }
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  /** Lets the traffic run until {@code duration} after {@code since}: the outage's length is the scenario. */
  private static void lastFor(Duration duration, long since) throws InterruptedException {
    long left = since + duration.toNanos() - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static void report(TwoInstanceTraffic traffic, List<Window> windows, List<Duration> backOnRedis) {
    List<Long> sorted = backOnRedis.stream().map(Duration::toMillis).sorted().toList();
    long afterBack = traffic.surprises.stream()
        .filter(s -> windows.stream().anyMatch(w -> s.nanoTime() > w.back() && w.holds(s.nanoTime()))).count();
    long latest = traffic.surprises.stream().mapToLong(s -> windows.stream()
        .filter(w -> w.holds(s.nanoTime())).mapToLong(w -> s.nanoTime() - w.back()).max().orElse(0)).max().orElse(0);
    System.out.printf("[recovery] two instances, %d outages (%d ms frozen + %d ms killed): back on Redis with "
            + "write-back done %s ms after Redis returned (p50 %d, max %d); %d validations, %d answers contradicting "
            + "a session's state during the outages, %d of them after Redis returned (the last %d ms after)%n",
        backOnRedis.size(), FROZEN.toMillis(), KILLED.toMillis(), backOnRedis.stream().map(Duration::toMillis)
            .toList(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), traffic.validations.get(),
        traffic.surprises.size(), afterBack, Math.max(0, TimeUnit.NANOSECONDS.toMillis(latest)));
    traffic.surprises.stream().filter(s -> windows.stream().noneMatch(w -> w.holds(s.nanoTime())))
        .limit(20).forEach(s -> System.out.println("[recovery]   outside the outages: " + s + " at "
            + windows.stream().map(w -> TimeUnit.NANOSECONDS.toMillis(s.nanoTime() - w.back()) + " ms after back")
            .toList()));
  }
}
