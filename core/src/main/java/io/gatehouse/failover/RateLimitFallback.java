package io.gatehouse.failover;

import io.gatehouse.internal.Arguments;
import io.gatehouse.ratelimit.RateLimit;
import java.util.Objects;

/**
 * What a rate limiter does while its primary store is unavailable.
 *
 * <ul>
 *   <li>{@link Kind#LOCAL}: each instance enforces the limit on its own, optionally divided by the number of
 *       instances, so the whole fleet stays near the limit. Attackers who spread requests over instances get at
 *       most {@code instances} times the local share.
 *   <li>{@link Kind#ALLOW}: fail open. Every request is allowed (and still counted, for after the outage).
 *   <li>{@link Kind#DENY}: fail closed. Every request is refused until the primary returns.
 * </ul>
 *
 * <p>Defaults. Login attempts use {@link #FOR_LOGIN}, {@code LOCAL}: a brute-force limit must never fail open, and
 * failing closed would lock every user out for the length of the outage; a per-instance limit keeps guessing
 * bounded and logins working. API limits use {@link #FOR_API}, {@code ALLOW}: they protect capacity and fairness,
 * and a Redis outage is not the moment to start refusing legitimate traffic; requests are still counted, so
 * heavy users are limited again as soon as Redis returns.
 *
 * @param kind what to do
 * @param instances with {@code LOCAL}, how many instances share the limit (the local limit is divided by it)
 */
public record RateLimitFallback(Kind kind, int instances) {

  /** The default for login attempts: enforce per instance. */
  public static final RateLimitFallback FOR_LOGIN = local();
  /** The default for API limits: fail open, still counting. */
  public static final RateLimitFallback FOR_API = allow();

  /** What to do while the primary store is unavailable. */
  public enum Kind { LOCAL, ALLOW, DENY }

  public RateLimitFallback {
    Objects.requireNonNull(kind, "kind");
    Arguments.requireAtLeast("instances", instances, 1);
  }

  /** Enforce the whole limit on each instance. */
  public static RateLimitFallback local() {
    return new RateLimitFallback(Kind.LOCAL, 1);
  }

  /** Enforce the limit divided by {@code instances} on each instance. */
  public static RateLimitFallback local(int instances) {
    return new RateLimitFallback(Kind.LOCAL, instances);
  }

  public static RateLimitFallback allow() {
    return new RateLimitFallback(Kind.ALLOW, 1);
  }

  public static RateLimitFallback deny() {
    return new RateLimitFallback(Kind.DENY, 1);
  }

  /** The limit each instance enforces in memory: the policy with its capacity (and rate) divided by instances. */
  public RateLimit localLimit(RateLimit limit) {
    if (instances == 1) {
      return limit;
    }
    if (limit instanceof RateLimit.SlidingWindow window) {
      return RateLimit.slidingWindow(Math.max(1, window.limit() / instances), window.window());
    }
    RateLimit.TokenBucket bucket = (RateLimit.TokenBucket) limit;
    return RateLimit.tokenBucket(bucket.permits(), bucket.period().multipliedBy(instances),
        Math.max(1, bucket.burst() / instances));
  }
}
