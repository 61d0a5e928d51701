package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.redis.testing.RedisServerOptions;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionToken;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failover against a real redis-server that is killed ({@code SIGKILL}), frozen ({@code SIGSTOP}) and restarted on
 * the same port: callers see no error, and on recovery a second, independent instance sees every session created
 * and none revoked during the outage.
 */
class FailoverIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<AutoCloseable> opened = new ArrayList<>();

  private AppInstance instance(RedisServer server) {
    AppInstance instance = new AppInstance(server.uri());
    opened.add(instance);
    return instance;
  }

  private RedisServer durableServer() {
    return redis.newServer(RedisServerOptions.builder().appendOnly(true).build());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  private static void awaitPrimary(AppInstance instance) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
        .until(() -> instance.failover.mode() == FailoverMode.PRIMARY
            && instance.failover.status().pendingWriteBack() == 0);
  }

  /** Mixed traffic from 8 threads; remembers which sessions must live and which must stay revoked. */
  private static final class Traffic implements AutoCloseable {
    final Queue<SessionToken> live = new ConcurrentLinkedQueue<>();
    final Queue<SessionToken> revoked = new ConcurrentLinkedQueue<>();
    final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    final AtomicLong slowest = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    final ExecutorService threads = Executors.newFixedThreadPool(8);
    final List<Future<?>> running = new ArrayList<>();

    Traffic(AppInstance app) {
      RateLimiter limiter = app.rateLimiter("login", AppInstance.LOGIN, RateLimitFallback.FOR_LOGIN);
      for (int t = 0; t < 8; t++) {
        int thread = t;
        running.add(threads.submit(() -> {
          int round = 0;
          while (!stop.get()) {
            String subject = "user-" + thread + "-" + (round / 20);
            Map<String, String> attributes = Map.of("round", Integer.toString(round));
            try {
              CreatedSession created = timed(() -> app.sessions.create(subject, attributes));
              timed(() -> app.sessions.validate(created.token()));
              timed(() -> limiter.tryAcquire("ip-" + thread));
              if (round % 5 == 0) {
                timed(() -> app.sessions.revoke(created.token()));
                revoked.add(created.token());
              } else {
                live.add(created.token());
              }
              if (round % 20 == 19) {
                // Every session of this subject, made in the last 20 rounds, is revoked at once.
                timed(() -> app.sessions.revokeAll(subject));
                live.removeIf(token -> token.sessionId().belongsTo(subject) && revoked.add(token));
              }
            } catch (Throwable e) {
              errors.add(e);
            }
            round++;
            // About a thousand rounds a second per thread: heavy, yet within the in-memory bound for the outage.
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          }
        }));
      }
    }

    private <T> T timed(java.util.function.Supplier<T> call) {
      long start = System.nanoTime();
      try {
        return call.get();
      } finally {
        slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
        calls.incrementAndGet();
      }
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      for (Future<?> future : running) {
        future.get(30, TimeUnit.SECONDS);
      }
      threads.shutdown();
    }
  }

  private static void assertInstanceBSees(RedisServer server, Traffic traffic) {
    try (AppInstance b = new AppInstance(server.uri())) {
      assertThat(b.failover.mode()).isEqualTo(FailoverMode.PRIMARY);
      for (SessionToken token : traffic.live) {
        assertThat(b.sessions.validate(token)).as("session %s created by A", token.sessionId()).isPresent();
      }
      for (SessionToken token : traffic.revoked) {
        assertThat(b.sessions.validate(token)).as("session %s revoked by A", token.sessionId()).isEmpty();
      }
      assertThat(b.failover.status().fallbackCalls()).as("B never left Redis").isZero();
    }
  }

  @Test
  void killedRedis_trafficNeverFails_andInstanceBSeesEverythingAfterRecovery() throws Exception {
    RedisServer server = durableServer();
    AppInstance a = instance(server);
    Traffic traffic = new Traffic(a);
    await().until(() -> traffic.calls.get() > 500);

    long killed = System.nanoTime();
    server.kill();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
        .until(() -> a.failover.mode() == FailoverMode.DEGRADED);
    long detected = System.nanoTime();
    long callsAtKill = traffic.calls.get();
    await().until(() -> traffic.calls.get() > callsAtKill + 500);

    long restarted = System.nanoTime();
    server.restart();
    awaitPrimary(a);
    long recovered = System.nanoTime();
    traffic.close();

    System.out.printf("[failover] SIGKILL: degraded %d ms after the kill; back on Redis %d ms after the restart "
        + "(%d calls, slowest %d ms)%n", TimeUnit.NANOSECONDS.toMillis(detected - killed),
        TimeUnit.NANOSECONDS.toMillis(recovered - restarted), traffic.calls.get(),
        TimeUnit.NANOSECONDS.toMillis(traffic.slowest.get()));
    assertThat(traffic.errors).as("exceptions that reached callers").isEmpty();
    assertThat(a.failover.status().failovers()).isEqualTo(1);
    assertThat(traffic.revoked).isNotEmpty();
    assertInstanceBSees(server, traffic);
  }

  @Test
  void frozenRedis_noCallWaitsPastTheDeadline_andRecoveryWritesBack() throws Exception {
    RedisServer server = durableServer();
    AppInstance a = instance(server);
    Traffic traffic = new Traffic(a);
    await().until(() -> traffic.calls.get() > 500);

    long paused = System.nanoTime();
    server.pause();
    try {
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
          .until(() -> a.failover.mode() == FailoverMode.DEGRADED);
      long detected = System.nanoTime();
      long callsAtPause = traffic.calls.get();
      await().until(() -> traffic.calls.get() > callsAtPause + 500);
      System.out.printf("[failover] SIGSTOP: degraded %d ms after the freeze%n",
          TimeUnit.NANOSECONDS.toMillis(detected - paused));
    } finally {
      server.resume();
    }
    long resumed = System.nanoTime();
    awaitPrimary(a);
    System.out.printf("[failover] SIGCONT: back on Redis %d ms after resuming%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed));
    traffic.close();

    assertThat(traffic.errors).isEmpty();
    assertThat(Duration.ofNanos(traffic.slowest.get())).as("the slowest call, a safety bound")
        .isLessThan(AppInstance.DEADLINE.plus(Duration.ofSeconds(1)));
    assertInstanceBSees(server, traffic);
  }

  @Test
  void sessionsSurviveARedisRestartWithAof_andAnAppRestart() {
    RedisServer server = durableServer();
    CreatedSession created;
    try (AppInstance before = new AppInstance(server.uri())) {
      created = before.sessions.create("alice", Map.of());
    }
    server.stop();
    server.restart();
    AppInstance after = instance(server);
    assertThat(after.sessions.validate(created.token())).isPresent();
    assertThat(after.failover.status().fallbackCalls()).isZero();
  }

  @Test
  void startsWithoutRedis_thenPromotesItself_andWritesItsSessionsBack() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppInstance a = new AppInstance("redis://127.0.0.1:" + port);
    opened.add(a);
    assertThat(a.failover.mode()).isEqualTo(FailoverMode.DEGRADED);
    List<CreatedSession> created = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      created.add(a.sessions.create("user-" + i, Map.of()));
    }

    long started = System.nanoTime();
    RedisServer server = redis.newServer(RedisServerOptions.builder().port(port).build());
    awaitPrimary(a);
    System.out.printf("[failover] start-up without Redis: promoted %d ms after Redis started%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    try (AppInstance b = new AppInstance(server.uri())) {
      for (CreatedSession session : created) {
        assertThat(b.sessions.validate(session.token())).isPresent();
      }
    }
  }

  @Test
  void rateLimits_acrossAnOutage_followTheirPolicy_andExhaustedKeysStayLimited() {
    RedisServer server = redis.newServer();
    AppInstance a = instance(server);
    RateLimit limit = RateLimit.slidingWindow(3, Duration.ofMinutes(15));
    RateLimiter local = a.rateLimiter("local", limit, RateLimitFallback.local());
    RateLimiter open = a.rateLimiter("open", limit, RateLimitFallback.allow());
    RateLimiter closed = a.rateLimiter("closed", limit, RateLimitFallback.deny());
    assertThat(local.tryAcquire("before").allowed()).isTrue();

    server.kill();
    for (int i = 0; i < 3; i++) {
      assertThat(local.tryAcquire("during").allowed()).isTrue();
      assertThat(open.tryAcquire("during").allowed()).isTrue();
    }
    assertThat(local.tryAcquire("during").allowed()).as("LOCAL enforces the limit in memory").isFalse();
    assertThat(open.tryAcquire("during").allowed()).as("ALLOW fails open").isTrue();
    assertThat(closed.tryAcquire("during").allowed()).as("DENY fails closed").isFalse();
    assertThat(a.failover.mode()).isEqualTo(FailoverMode.DEGRADED);

    server.restart();
    awaitPrimary(a);
    try (AppInstance b = new AppInstance(server.uri())) {
      RateLimiter localOnB = b.rateLimiter("local", limit, RateLimitFallback.local());
      RateLimiter openOnB = b.rateLimiter("open", limit, RateLimitFallback.allow());
      assertThat(localOnB.tryAcquire("during").allowed()).as("exhausted during the outage, still limited").isFalse();
      assertThat(openOnB.tryAcquire("during").allowed()).as("fail-open attempts were counted").isFalse();
      assertThat(b.rateLimiter("closed", limit, RateLimitFallback.deny()).tryAcquire("during").allowed())
          .as("nothing was taken while failing closed").isTrue();
    }
  }
}
