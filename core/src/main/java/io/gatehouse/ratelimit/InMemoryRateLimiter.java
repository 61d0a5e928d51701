package io.gatehouse.ratelimit;

import io.gatehouse.internal.Arguments;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import java.util.Objects;

/**
 * A rate limiter in this process's memory, with the same arithmetic as the Redis scripts.
 *
 * <p>Each key's state (a log of event times for a sliding window, a theoretical arrival time for a token bucket)
 * is updated inside the cache's atomic {@code compute}, so concurrent requests on one key are exact and different
 * keys do not contend. Times are microseconds, as Redis's {@code TIME} gives them. Entries expire when their
 * state would no longer limit anything, and the cache is bounded: past {@code maxKeys} the least recently used
 * keys are forgotten, which favours the client, so size it above the number of clients you expect at once.
 */
final class InMemoryRateLimiter implements RateLimitBackend {

  static final int DEFAULT_MAX_KEYS = 100_000;

  private final RateLimit limit;
  private final Clock clock;
  private final Cache<String, State> states;

  InMemoryRateLimiter(RateLimit limit, Clock clock, int maxKeys) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    this.states = Caffeine.newBuilder()
        .ticker(() -> micros(clock.instant()) * 1000)
        .maximumSize(maxKeys)
        .expireAfter(new UntilHarmless())
        .build();
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public RateLimitDecision tryAcquire(String key, int permits) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    limit.checkPermits(permits);
    return decide(key, permits, true);
  }

  @Override
  public RateLimitDecision peek(String key) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    return decide(key, 1, false);
  }

  @Override
  public void release(String key, int permits) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    limit.checkPermits(permits);
    long now = micros(clock.instant());
    states.asMap().computeIfPresent(key, (k, state) -> {
      if (state instanceof Log log) {
        log.release((RateLimit.SlidingWindow) limit, now, permits);
        return log.times.isEmpty() ? null : log;
      }
      Tat tat = (Tat) state;
      tat.value -= ((RateLimit.TokenBucket) limit).intervalMicros() * permits;
      return tat.value > now ? tat : null;
    });
  }

  @Override
  public void reset(String key) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    states.invalidate(key);
  }

  @Override
  public void record(String key, List<Instant> events) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    long now = micros(clock.instant());
    long[] times = events.stream().mapToLong(InMemoryRateLimiter::micros).sorted().toArray();
    states.asMap().compute(key, (k, state) -> {
      if (limit instanceof RateLimit.SlidingWindow window) {
        Log log = state instanceof Log l ? l : new Log();
        log.record(window, now, times);
        return log.times.isEmpty() ? null : log;
      }
      Tat tat = state instanceof Tat t ? t : new Tat(0);
      for (long at : times) {
        tat.value = Math.max(tat.value, at) + ((RateLimit.TokenBucket) limit).intervalMicros();
      }
      return tat.value > now ? tat : null;
    });
  }

  private RateLimitDecision decide(String key, int permits, boolean consume) {
    long now = micros(clock.instant());
    RateLimitDecision[] decision = new RateLimitDecision[1];
    states.asMap().compute(key, (k, state) -> {
      if (limit instanceof RateLimit.SlidingWindow window) {
        Log log = state instanceof Log l ? l : new Log();
        decision[0] = log.decide(window, now, permits, consume);
        return log.times.isEmpty() ? null : log;
      }
      RateLimit.TokenBucket bucket = (RateLimit.TokenBucket) limit;
      Tat tat = state instanceof Tat t ? t : new Tat(now);
      decision[0] = tat.decide(bucket, now, permits, consume);
      return tat.value > now ? tat : null;
    });
    return decision[0];
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  static Duration ofMicros(double micros) {
    return Duration.of((long) Math.ceil(Math.max(0, micros)), ChronoUnit.MICROS);
  }

  /** A key's state, which knows until when it still matters. */
  private interface State {
    long harmlessAtMicros();
  }

  /** Sliding window: the times of the events still inside the window, oldest first. */
  private final class Log implements State {
    final ArrayDeque<Long> times = new ArrayDeque<>();
    long windowMicros;

    RateLimitDecision decide(RateLimit.SlidingWindow policy, long now, int permits, boolean consume) {
      windowMicros = policy.window().toNanos() / 1000;
      while (!times.isEmpty() && times.peekFirst() + windowMicros <= now) {
        times.pollFirst();
      }
      int count = times.size();
      if (count + permits <= policy.limit()) {
        if (consume) {
          for (int i = 0; i < permits; i++) {
            times.addLast(now);
          }
        }
        long remaining = policy.limit() - times.size();
        return new RateLimitDecision(true, policy.limit(), remaining, Duration.ZERO, untilEmpty(now));
      }
      // Denied: the (count + permits - limit) oldest events must leave the window first.
      Iterator<Long> oldestFirst = times.iterator();
      long freeing = 0;
      for (int i = 0; i < count + permits - policy.limit(); i++) {
        freeing = oldestFirst.next();
      }
      return new RateLimitDecision(false, policy.limit(), Math.max(0, policy.limit() - count),
          ofMicros(freeing + windowMicros - now), untilEmpty(now));
    }

    /** Removes the {@code permits} most recent events still inside the window. */
    void release(RateLimit.SlidingWindow policy, long now, int permits) {
      windowMicros = policy.window().toNanos() / 1000;
      while (!times.isEmpty() && times.peekFirst() + windowMicros <= now) {
        times.pollFirst();
      }
      for (int i = 0; i < permits && !times.isEmpty(); i++) {
        times.pollLast();
      }
    }

    void record(RateLimit.SlidingWindow policy, long now, long[] sortedTimes) {
      windowMicros = policy.window().toNanos() / 1000;
      List<Long> merged = new ArrayList<>(times);
      for (long at : sortedTimes) {
        if (at + windowMicros > now) {
          merged.add(at);
        }
      }
      merged.sort(null);
      times.clear();
      times.addAll(merged);
      while (!times.isEmpty() && times.peekFirst() + windowMicros <= now) {
        times.pollFirst();
      }
    }

    private Duration untilEmpty(long now) {
      return times.isEmpty() ? Duration.ZERO : ofMicros(times.peekLast() + windowMicros - now);
    }

    @Override
    public long harmlessAtMicros() {
      return times.isEmpty() ? 0 : times.peekLast() + windowMicros;
    }
  }

  /** Token bucket as GCRA: the theoretical arrival time of the next permit at the steady rate. */
  private static final class Tat implements State {
    double value;

    Tat(long now) {
      this.value = now;
    }

    RateLimitDecision decide(RateLimit.TokenBucket policy, long now, int permits, boolean consume) {
      double interval = policy.intervalMicros();
      double tolerance = interval * policy.burst();
      double tat = Math.max(value, now);
      double newTat = tat + interval * permits;
      double allowAt = newTat - tolerance;
      if (now >= allowAt) {
        if (consume) {
          value = newTat;
          tat = newTat;
        }
        long remaining = (long) Math.floor((now + tolerance - tat) / interval + 1e-9);
        return new RateLimitDecision(true, policy.burst(), remaining, Duration.ZERO, ofMicros(tat - now));
      }
      long remaining = (long) Math.floor((now + tolerance - tat) / interval + 1e-9);
      return new RateLimitDecision(false, policy.burst(), Math.max(0, remaining),
          ofMicros(allowAt - now), ofMicros(tat - now));
    }

    @Override
    public long harmlessAtMicros() {
      return (long) Math.ceil(value);
    }
  }

  /** Lets Caffeine drop a key once its state no longer limits anything. */
  private final class UntilHarmless implements Expiry<String, State> {
    @Override
    public long expireAfterCreate(String key, State state, long currentTime) {
      return untilHarmless(state);
    }

    @Override
    public long expireAfterUpdate(String key, State state, long currentTime, long currentDuration) {
      return untilHarmless(state);
    }

    @Override
    public long expireAfterRead(String key, State state, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private long untilHarmless(State state) {
      return Math.max(0, (state.harmlessAtMicros() - micros(clock.instant())) * 1000);
    }
  }
}
