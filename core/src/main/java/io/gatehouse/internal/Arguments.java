package io.gatehouse.internal;

import java.time.Duration;

/** Argument checks whose messages quote the value and the rule, in the style of Caffeine's builder. */
public final class Arguments {

  private Arguments() {}

  /** Returns {@code value} if it is a positive duration, else throws naming the setting. */
  public static Duration requirePositive(String name, Duration value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be a positive duration, got null");
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is at least {@code min}, else throws naming the setting. */
  public static long requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /**
   * Returns {@code key} if it is a usable rate-limit key: 1 to {@code maxLength} characters. Every rate limiter
   * implementation checks its keys with this, so all of them refuse the same keys with the same message.
   */
  public static String requireRateLimitKey(String key, int maxLength) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("rate limit key must not be null or empty, got "
          + (key == null ? "null" : "\"\""));
    }
    if (key.length() > maxLength) {
      throw new IllegalArgumentException(
          "rate limit key must be at most " + maxLength + " characters, got " + key.length());
    }
    return key;
  }
}
