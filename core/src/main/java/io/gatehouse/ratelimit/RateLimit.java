package io.gatehouse.ratelimit;

import static io.gatehouse.internal.Arguments.requireAtLeast;
import static io.gatehouse.internal.Arguments.requirePositive;

import java.time.Duration;

/**
 * A rate-limit policy: how many events a key may have, and over what time.
 *
 * <ul>
 *   <li>{@link SlidingWindow}: at most {@code limit} events in any window of the given length, exactly. The right
 *       policy for login attempts ("5 per 15 minutes"): there is no window boundary at which an attacker gets a
 *       fresh allowance. It keeps one timestamp per event, so it suits small limits.
 *   <li>{@link TokenBucket}: a steady rate with a burst allowance, computed as GCRA (one timestamp per key,
 *       whatever the rate). The right policy for APIs ("100 per second, bursts of 200").
 * </ul>
 */
public sealed interface RateLimit permits RateLimit.SlidingWindow, RateLimit.TokenBucket {

  /** At most {@code limit} events in any window of length {@code window}. */
  static SlidingWindow slidingWindow(int limit, Duration window) {
    return new SlidingWindow(limit, window);
  }

  /** {@code permits} per {@code period} on average, with bursts of up to {@code burst}. */
  static TokenBucket tokenBucket(long permits, Duration period, long burst) {
    return new TokenBucket(permits, period, burst);
  }

  /** The most permits a key can be granted at once: what {@code RateLimit-Limit} reports. */
  long capacity();

  /** Throws unless {@code permits} can ever be granted by this policy. */
  default void checkPermits(long permits) {
    if (permits < 1 || permits > capacity()) {
      throw new IllegalArgumentException(
          "permits must be between 1 and the policy's capacity " + capacity() + ", got " + permits);
    }
  }

  /**
   * At most {@code limit} events in any window of length {@code window}, exactly.
   *
   * @param limit events allowed per window; at least 1 and at most {@value #MAX_LIMIT}
   * @param window the window's length; at least one millisecond
   */
  record SlidingWindow(int limit, Duration window) implements RateLimit {

    /** Largest limit accepted: the log keeps one entry per event, so larger limits belong to a token bucket. */
    public static final int MAX_LIMIT = 10_000;

    public SlidingWindow {
      requireAtLeast("sliding window limit", limit, 1);
      if (limit > MAX_LIMIT) {
        throw new IllegalArgumentException("sliding window limit must be at most " + MAX_LIMIT
            + " (use a token bucket for higher rates), got " + limit);
      }
      requirePositive("sliding window length", window);
      if (window.toMillis() < 1) {
        throw new IllegalArgumentException("sliding window length must be at least 1ms, got " + window);
      }
    }

    @Override
    public long capacity() {
      return limit;
    }
  }

  /**
   * A token bucket computed as GCRA: refills {@code permits} per {@code period}, holds at most {@code burst}.
   *
   * @param permits permits added per period; at least 1
   * @param period the refill period; at least one microsecond per permit
   * @param burst the bucket's size: the most permits available at once; at least 1
   */
  record TokenBucket(long permits, Duration period, long burst) implements RateLimit {

    public TokenBucket {
      requireAtLeast("token bucket permits", permits, 1);
      requirePositive("token bucket period", period);
      requireAtLeast("token bucket burst", burst, 1);
      if (period.toNanos() / 1000.0 / permits < 1.0) {
        throw new IllegalArgumentException(
            "token bucket rate must be at most one permit per microsecond, got " + permits + " per " + period);
      }
    }

    /** Microseconds between two permits at the steady rate (GCRA's emission interval). */
    public double intervalMicros() {
      return period.toNanos() / 1000.0 / permits;
    }

    @Override
    public long capacity() {
      return burst;
    }
  }
}
