package io.gatehouse.failover;

import io.gatehouse.internal.Arguments;
import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimitBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rate limiter on the primary while it answers, and per {@link RateLimitFallback} while it does not.
 *
 * <p>Every permit granted while degraded (under {@code LOCAL} or {@code ALLOW}) is remembered with its time, at
 * most the policy's capacity per key (older ones cannot change a decision), and recorded in the primary on
 * recovery, so a key exhausted during the outage stays limited after it. Resets made while degraded are applied
 * first. The number of keys remembered is bounded; past it, new keys are still limited locally but not written
 * back.
 *
 * <p>A {@linkplain #release release} goes where a permit would be taken now. While degraded it gives the permits
 * back to the in-memory count and forgets as many of the key's most recent remembered grants, so a permit taken and
 * given back during the outage is never written back. A permit taken from the primary before the outage cannot be
 * given back from memory; it stays counted in the primary until it leaves its window. That errs towards limiting:
 * for a login, one more attempt counted, never one more allowed.
 */
final class FailoverRateLimiter implements RateLimitBackend, WriteBack {

  static final int MAX_PENDING_KEYS = 100_000;
  private static final System.Logger LOG = System.getLogger(FailoverRateLimiter.class.getName());

  private final Failover failover;
  private final RateLimitBackend primary;
  private final RateLimit limit;
  private final RateLimitBackend local;
  private final RateLimitFallback fallback;
  private final Clock clock;
  private final Map<String, Deque<Instant>> granted = new ConcurrentHashMap<>();
  private final Set<String> resets = ConcurrentHashMap.newKeySet();
  private volatile boolean warnedFull;

  FailoverRateLimiter(Failover failover, RateLimitBackend primary, RateLimitFallback fallback, Clock clock) {
    this.failover = failover;
    this.primary = primary;
    this.limit = primary.limit();
    this.fallback = fallback;
    this.clock = clock;
    this.local = RateLimitBackend.inMemory(fallback.localLimit(limit), clock, MAX_PENDING_KEYS);
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public RateLimitDecision tryAcquire(String key, int permits) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    limit().checkPermits(permits);
    return failover.route(() -> primary.tryAcquire(key, permits), () -> degraded(key, permits));
  }

  private RateLimitDecision degraded(String key, int permits) {
    long capacity = limit().capacity();
    switch (fallback.kind()) {
      case DENY:
        return new RateLimitDecision(false, capacity, 0, retryWhileDenied(), retryWhileDenied());
      case ALLOW: {
        RateLimitDecision counted = local.tryAcquire(key, (int) Math.min(permits, local.limit().capacity()));
        remember(key, permits);
        return new RateLimitDecision(true, capacity, counted.remaining(), Duration.ZERO, counted.resetAfter());
      }
      default: {
        if (permits > local.limit().capacity()) {
          return new RateLimitDecision(false, capacity, 0, retryWhileDenied(), retryWhileDenied());
        }
        RateLimitDecision decision = local.tryAcquire(key, permits);
        if (decision.allowed()) {
          remember(key, permits);
        }
        return new RateLimitDecision(decision.allowed(), capacity, decision.remaining(), decision.retryAfter(),
            decision.resetAfter());
      }
    }
  }

  /** Retry-After while failing closed: the primary may be back by the next probe. */
  private Duration retryWhileDenied() {
    return failover.config().probeInterval();
  }

  private void remember(String key, int permits) {
    remember(key, Collections.nCopies(permits, clock.instant()), false);
  }

  /**
   * Keeps {@code events} for write-back: at most the policy's capacity per key, the most recent (older ones
   * cannot change a decision), and at most {@value #MAX_PENDING_KEYS} keys, unless {@code putBack} (events that
   * were already held, returned after a failed write-back, are never dropped for the bound).
   */
  private void remember(String key, List<Instant> events, boolean putBack) {
    if (!putBack && granted.size() >= MAX_PENDING_KEYS && !granted.containsKey(key)) {
      if (!warnedFull) {
        warnedFull = true;
        LOG.log(System.Logger.Level.WARNING, "More than {0} rate-limit keys used during the outage; "
            + "further keys are limited locally but will not be written back", MAX_PENDING_KEYS);
      }
      return;
    }
    granted.compute(key, (k, times) -> {
      List<Instant> merged = new ArrayList<>(events);
      if (times != null) {
        merged.addAll(times);
      }
      merged.sort(null);
      int from = (int) Math.max(0, merged.size() - limit.capacity());
      return new ArrayDeque<>(merged.subList(from, merged.size()));
    });
  }

  @Override
  public RateLimitDecision peek(String key) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    return failover.route(() -> primary.peek(key), () -> {
      long capacity = limit().capacity();
      switch (fallback.kind()) {
        case DENY:
          return new RateLimitDecision(false, capacity, 0, retryWhileDenied(), retryWhileDenied());
        case ALLOW:
          return new RateLimitDecision(true, capacity, local.peek(key).remaining(), Duration.ZERO, Duration.ZERO);
        default:
          RateLimitDecision decision = local.peek(key);
          return new RateLimitDecision(decision.allowed(), capacity, decision.remaining(), decision.retryAfter(),
              decision.resetAfter());
      }
    });
  }

  @Override
  public void release(String key, int permits) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    limit().checkPermits(permits);
    failover.route(() -> {
      primary.release(key, permits);
      return null;
    }, () -> {
      if (fallback.kind() != RateLimitFallback.Kind.DENY) {
        local.release(key, (int) Math.min(permits, local.limit().capacity()));
        forget(key, permits);
      }
      return null;
    });
  }

  /** Drops the {@code permits} most recent grants remembered for {@code key}: they were given back. */
  private void forget(String key, int permits) {
    granted.computeIfPresent(key, (k, times) -> {
      for (int i = 0; i < permits && !times.isEmpty(); i++) {
        times.pollLast();
      }
      return times.isEmpty() ? null : times;
    });
  }

  @Override
  public void reset(String key) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    failover.route(() -> {
      primary.reset(key);
      local.reset(key);
      return null;
    }, () -> {
      local.reset(key);
      granted.remove(key);
      resets.add(key);
      return null;
    });
  }

  @Override
  public void record(String key, List<Instant> events) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    failover.route(() -> {
      primary.record(key, events);
      return null;
    }, () -> {
      local.record(key, events);
      remember(key, events, false);
      return null;
    });
  }

  @Override
  public long pending() {
    return resets.size() + granted.size();
  }

  @Override
  public long writeBack() {
    long written = 0;
    for (String key : resets) {
      primary.reset(key);
      resets.remove(key);
      written++;
    }
    for (String key : granted.keySet()) {
      Deque<Instant> times = granted.remove(key);
      if (times == null) {
        continue;
      }
      List<Instant> events = new ArrayList<>(times);
      try {
        primary.record(key, events);
      } catch (StoreUnavailableException e) {
        remember(key, events, true);   // back, merged with what was granted meanwhile
        throw e;
      }
      written++;
    }
    return written;
  }

  @Override
  public void close() {
    primary.close();
    local.close();
  }

  @Override
  public String toString() {
    return "FailoverRateLimiter{" + limit() + ", while degraded " + fallback + ", mode=" + failover.mode() + "}";
  }
}
