package io.gatehouse.redis;

import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
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
import java.util.concurrent.locks.LockSupport;

/**
 * Steady traffic through one application instance during a Sentinel or Cluster failover: creates, validates,
 * revokes and rate-limits, remembering which sessions must live and which must stay revoked, and every exception
 * that reached a caller.
 */
final class TopologyTraffic implements AutoCloseable {

  final Queue<SessionToken> live = new ConcurrentLinkedQueue<>();
  final Queue<SessionToken> revoked = new ConcurrentLinkedQueue<>();
  final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
  final AtomicLong calls = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Future<?>> running = new ArrayList<>();

  TopologyTraffic(AppInstance app) {
    SessionStore sessions = app.sessions;
    RateLimiter limiter = app.rateLimiter("login", AppInstance.LOGIN, RateLimitFallback.FOR_LOGIN);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      running.add(threads.submit(() -> {
        for (int round = 0; !stop.get(); round++) {
          try {
            // Many subjects, so that a Cluster spreads them over every master.
            CreatedSession created = sessions.create("user-" + thread + "-" + round, Map.of());
            sessions.validate(created.token());
            limiter.tryAcquire("ip-" + thread);
            if (round % 4 == 0) {
              sessions.revoke(created.token());
              revoked.add(created.token());
            } else {
              live.add(created.token());
            }
            calls.addAndGet(3);
          } catch (Throwable e) {
            errors.add(e);
          }
          LockSupport.parkNanos(2_000_000);
        }
      }));
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
