package io.gatehouse.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one rate-limit request, with what HTTP headers need.
 *
 * @param allowed whether the permits were granted (and consumed)
 * @param limit the policy's capacity: {@code RateLimit-Limit}
 * @param remaining permits still available right now after this decision: {@code RateLimit-Remaining}
 * @param retryAfter zero if allowed; otherwise how long until the same request would be allowed: {@code Retry-After}
 * @param resetAfter how long until the key is back to full capacity if nothing else happens: {@code RateLimit-Reset}
 * @param shadowRefused whether the policy refused the permits but a {@linkplain RateLimiter#shadow shadow limiter}
 *     let the request through: then {@code allowed} is {@code true}, nothing was consumed (as an enforcing limiter
 *     consumes nothing when it refuses), and {@code retryAfter} is what the enforcing limiter would have answered
 */
public record RateLimitDecision(
    boolean allowed, long limit, long remaining, Duration retryAfter, Duration resetAfter, boolean shadowRefused) {

  public RateLimitDecision {
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (shadowRefused && !allowed) {
      throw new IllegalArgumentException("a shadow refusal lets the request through, so it must be allowed");
    }
  }

  /** A decision of an enforcing limiter: {@link #shadowRefused()} is {@code false}. */
  public RateLimitDecision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration resetAfter) {
    this(allowed, limit, remaining, retryAfter, resetAfter, false);
  }

  /** {@link #retryAfter()} rounded up to whole seconds, as {@code Retry-After} wants it. */
  public long retryAfterSeconds() {
    return ceilSeconds(retryAfter);
  }

  /** {@link #resetAfter()} rounded up to whole seconds, as {@code RateLimit-Reset} wants it. */
  public long resetAfterSeconds() {
    return ceilSeconds(resetAfter);
  }

  private static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds();
    return d.getNano() > 0 ? seconds + 1 : seconds;
  }
}
