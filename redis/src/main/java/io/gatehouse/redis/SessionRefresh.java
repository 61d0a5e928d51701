package io.gatehouse.redis;

import io.gatehouse.spi.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The coalesced refresh of a session's idle deadline on validation: decides whether one is due, and sends
 * session-touch.lua for the Redis server's now without waiting for its reply.
 *
 * <p>A refresh is due when the last one is at least the touch interval old (on this instance's clock), and only
 * if it can extend anything: once the idle deadline would reach past the absolute one, the TTL already ends at
 * the absolute deadline. The script never re-creates a key that expired or was revoked meanwhile.
 *
 * <p>A lost refresh costs at most the session's remaining idle time, and the next validation retries it: nothing
 * to hand to the caller, who already has its answer. An outage is left to the failover decorator, which sees it
 * on the next blocking call; anything else is a defect, logged at most once a minute.
 */
final class SessionRefresh {

  private static final System.Logger LOG = System.getLogger(SessionRefresh.class.getName());
  private static final LuaScript TOUCH = LuaScript.load("session-touch");
  private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

  private final RedisApi redis;
  private final long intervalMillis;
  private final LongAdder failures = new LongAdder();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS - 1);

  SessionRefresh(RedisApi redis, Duration interval) {
    this.redis = redis;
    this.intervalMillis = interval.toMillis();
  }

  /** Whether a session last refreshed at {@code lastSeen} is due a refresh at {@code now}. */
  boolean isDue(SessionHash session, long now) {
    return now - session.lastSeen() >= intervalMillis && session.lastSeen() + session.idle() < session.absoluteExpiry();
  }

  /** Sends the refresh of the session at {@code key}, whose subject's revoke-all marker is {@code marker}. */
  void send(String key, String marker) {
    TOUCH.runForIntegerAsync(redis, new String[] {key, marker}, "").whenComplete((live, failure) -> {
      if (failure != null) {
        failed(failure);
      }
    });
  }

  private void failed(Throwable failure) {
    failures.increment();
    if (failure instanceof StoreUnavailableException) {
      return;
    }
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last > WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.log(System.Logger.Level.WARNING, "Refreshing a session''s idle deadline failed ({0} refreshes failed so "
          + "far): {1}", failures.sum(), failure.toString());
    }
  }
}
