package io.gatehouse.ratelimit;

import java.util.Objects;

/**
 * A rate limiter that reports refusals instead of making them: every decision of the enforcing limiter it wraps is
 * passed on, except that a refusal comes back allowed and marked {@link RateLimitDecision#shadowRefused()}.
 *
 * <p>A refused decision consumes nothing in any back end, so wrapping changes no count: a shadow limiter and an
 * enforcing one fed the same requests hold the same state, and the shadow flags exactly the requests the enforcing
 * one refuses. That is what makes a shadow run a faithful preview of a new limit.
 */
final class ShadowRateLimiter implements RateLimiter {

  private final RateLimiter enforcing;

  ShadowRateLimiter(RateLimiter enforcing) {
    this.enforcing = Objects.requireNonNull(enforcing, "enforcing");
  }

  @Override
  public RateLimit limit() {
    return enforcing.limit();
  }

  @Override
  public RateLimitDecision tryAcquire(String key, int permits) {
    return letThrough(enforcing.tryAcquire(key, permits));
  }

  /**
   * Gives back permits the enforcing limiter granted. A request the shadow let through although the enforcing limiter
   * refused it (its decision {@link RateLimitDecision#shadowRefused() shadowRefused}) took nothing: do not give back
   * for it.
   */
  @Override
  public void release(String key, int permits) {
    enforcing.release(key, permits);
  }

  @Override
  public RateLimitDecision peek(String key) {
    return letThrough(enforcing.peek(key));
  }

  @Override
  public void reset(String key) {
    enforcing.reset(key);
  }

  @Override
  public void close() {
    enforcing.close();
  }

  private static RateLimitDecision letThrough(RateLimitDecision decision) {
    if (decision.allowed()) {
      return decision;
    }
    return new RateLimitDecision(true, decision.limit(), decision.remaining(), decision.retryAfter(),
        decision.resetAfter(), true);
  }

  @Override
  public String toString() {
    return "shadow of " + enforcing;
  }
}
