package io.gatehouse.ratelimit;

import java.time.Clock;

/**
 * Applies one {@link RateLimit} policy to many keys (a client IP, a user name, an API key).
 *
 * <p>Decisions are exact under concurrency: on Redis each decision is one atomic Lua script run on the server's
 * clock, in memory one atomic update. All implementations pass the same contract suite ({@code RateLimiterContract}
 * in the core test-jar). A remote implementation throws {@link io.gatehouse.spi.StoreUnavailableException} when its
 * store cannot be reached in time.
 *
 * <p>Keys are arbitrary strings of 1 to {@value #MAX_KEY_LENGTH} characters; anything else is an
 * {@link IllegalArgumentException}, since keys come from the application, not from the client directly.
 */
public interface RateLimiter extends AutoCloseable {

  /** Longest key accepted; hash longer client-supplied values before using them as keys. */
  int MAX_KEY_LENGTH = 512;

  /** The policy this limiter applies. */
  RateLimit limit();

  /** Takes one permit for {@code key} if available. */
  default RateLimitDecision tryAcquire(String key) {
    return tryAcquire(key, 1);
  }

  /** Takes {@code permits} for {@code key} if all are available; takes none otherwise. */
  RateLimitDecision tryAcquire(String key, int permits);

  /**
   * Gives back {@code permits} that {@link #tryAcquire} granted for {@code key}, so that they count no more: the
   * {@code permits} most recent events still in a sliding window are removed, and a token bucket gets that many
   * tokens back. Never beyond full capacity: giving back more than is taken, or permits that have already left the
   * window, leaves the key at full capacity and no further.
   *
   * <p>This is how work is counted before it is known to count: take the permit first, so that concurrent callers
   * (on any number of instances) can never together exceed the limit, and give it back when the work turns out not
   * to count (a login whose password was right). Check-then-count, by contrast, lets N callers that check at once
   * overshoot by N - 1. Give back only permits that were granted; the implementation cannot tell whose they were.
   *
   * @param permits 1 to the policy's capacity
   */
  void release(String key, int permits);

  /** Gives back one permit that {@link #tryAcquire} granted for {@code key}: {@code release(key, 1)}. */
  default void release(String key) {
    release(key, 1);
  }

  /** What {@code tryAcquire(key, 1)} would answer now, without consuming anything. */
  RateLimitDecision peek(String key);

  /** Forgets everything counted for {@code key}. */
  void reset(String key);

  @Override
  default void close() {}

  /** An in-memory limiter on the system clock, holding at most {@value InMemoryRateLimiter#DEFAULT_MAX_KEYS} keys. */
  static RateLimiter inMemory(RateLimit limit) {
    return inMemory(limit, Clock.systemUTC(), InMemoryRateLimiter.DEFAULT_MAX_KEYS);
  }

  /**
   * An in-memory limiter.
   *
   * @param clock the time source; tests pass a fake one
   * @param maxKeys the most keys held; beyond it the least recently used keys are forgotten
   */
  static RateLimiter inMemory(RateLimit limit, Clock clock, int maxKeys) {
    return RateLimitBackend.inMemory(limit, clock, maxKeys);
  }

  /**
   * A limiter in shadow mode: it counts as {@code enforcing} does but never refuses. Where {@code enforcing} would
   * refuse, it answers allowed with {@link RateLimitDecision#shadowRefused()} set, consuming nothing, exactly as the
   * refusal would have; so, on the same traffic, the shadow's flagged decisions are exactly the enforcing limiter's
   * refusals. Use it to try a new limit on production traffic before enforcing it.
   *
   * @param enforcing the limiter whose counts and policy are used; closed with the shadow
   */
  static RateLimiter shadow(RateLimiter enforcing) {
    return new ShadowRateLimiter(enforcing);
  }
}
