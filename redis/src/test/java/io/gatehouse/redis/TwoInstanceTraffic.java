package io.gatehouse.redis;

import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Traffic on two application instances sharing one Redis: each instance's threads create sessions, revoke some of
 * their own, and validate sessions picked at random from everything either instance created. Every answer that
 * contradicts what the test knows is recorded with the time it came back, for the test to hold against the outage
 * windows: a live session answered invalid, or a revoked one answered valid.
 *
 * <p>Only an instance's own sessions are revoked: a session revoked on one instance while another still has it only
 * in memory (both away from Redis) could be written back by the other, which is a different, known limit.
 */
final class TwoInstanceTraffic implements AutoCloseable {

  private static final int THREADS_PER_INSTANCE = 2;

  /** An answer the test did not expect, at {@code nanoTime}, on the instance named {@code on}. */
  record Surprise(long nanoTime, String on, String kind, SessionId session) {}

  private record Made(SessionToken token, String origin) {}

  final Queue<Surprise> surprises = new ConcurrentLinkedQueue<>();
  final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
  final AtomicLong validations = new AtomicLong();
  private final List<Made> made = Collections.synchronizedList(new ArrayList<>());
  /** Sessions being revoked: no longer live from before the revocation is sent. */
  private final Map<SessionId, String> revoking = new ConcurrentHashMap<>();
  /** Who revoked which session, once the revocation returned. */
  private final Map<SessionId, String> revokedBy = new ConcurrentHashMap<>();
  private final Map<String, AppInstance> instances;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService threads;
  private final List<Future<?>> running = new ArrayList<>();

  TwoInstanceTraffic(Map<String, AppInstance> instances) {
    this.instances = instances;
    this.threads = Executors.newFixedThreadPool(THREADS_PER_INSTANCE * instances.size());
    for (Map.Entry<String, AppInstance> instance : instances.entrySet()) {
      for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
        String subject = instance.getKey() + "-user-" + t;
        running.add(threads.submit(() -> run(instance.getKey(), instance.getValue(), subject)));
      }
    }
  }

  private void run(String name, AppInstance app, String subject) {
    for (int round = 0; !stop.get(); round++) {
      try {
        if (round % 10 == 0) {
          // A subject per session: the per-subject cap must not revoke the sessions the test counts as live.
          made.add(new Made(app.sessions.create(subject + "-" + round, Map.of()).token(), name));
        } else if (round % 50 == 25) {
          revokeOneOf(name, app);
        } else {
          validateOne(name, app);
        }
      } catch (Throwable e) {
        errors.add(e);
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  private void revokeOneOf(String name, AppInstance app) {
    Made pick = pick();
    if (pick != null && pick.origin().equals(name) && revoking.putIfAbsent(pick.token().sessionId(), name) == null) {
      app.sessions.revoke(pick.token());
      revokedBy.put(pick.token().sessionId(), name);
    }
  }

  private void validateOne(String name, AppInstance app) {
    Made pick = pick();
    if (pick == null) {
      return;
    }
    SessionId id = pick.token().sessionId();
    boolean wasLive = !revoking.containsKey(id);
    String revoker = revokedBy.get(id);
    boolean valid = app.sessions.validate(pick.token()).isPresent();
    long answered = System.nanoTime();
    validations.incrementAndGet();
    if (wasLive && !valid && !revoking.containsKey(id)) {
      surprises.add(new Surprise(answered, name, "live session invalid (made on " + pick.origin() + ")", id));
    } else if (revoker != null && valid) {
      surprises.add(new Surprise(answered, name, revoker.equals(name) ? "revoked here, yet valid"
          : "revoked on " + revoker + ", yet valid", id));
    }
  }

  private Made pick() {
    synchronized (made) {
      return made.isEmpty() ? null : made.get(ThreadLocalRandom.current().nextInt(made.size()));
    }
  }

  /** Every session either instance made and nobody revoked. */
  List<SessionToken> live() {
    synchronized (made) {
      return made.stream().map(Made::token).filter(token -> !revoking.containsKey(token.sessionId())).toList();
    }
  }

  /** Every session revoked by one of the instances. */
  List<SessionToken> revoked() {
    synchronized (made) {
      return made.stream().map(Made::token).filter(token -> revokedBy.containsKey(token.sessionId())).toList();
    }
  }

  Map<String, AppInstance> instances() {
    return instances;
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
